package io.telemetra.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a launcher killed without a chance to clean up (SIGKILL, out of memory) left running from a home: its services,
 * recorded in the pid file, and PostgreSQL, which detaches from its parent. {@code ./telemetra up} stops them before
 * it starts, {@code down} stops them too, {@code status} lists them.
 */
public final class Leftovers {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

    /** A process left running, named as the pid file names it ({@code postgres}, {@code command-service}...). */
    public record Leftover(String name, ProcessHandle process) {
    }

    private Leftovers() {
    }

    /** What runs from {@code home} without its launcher; call it only when no launcher runs there. */
    public static List<Leftover> find(Path home) throws IOException {
        List<Leftover> found = new ArrayList<>();
        PidFile.in(home).read().ifPresent(recorded -> recorded.runningServices()
                .forEach((entry, process) -> found.add(new Leftover(entry.name(), process))));
        DurablePostgres.postmasterPid(postgresData(home)).flatMap(ProcessHandle::of)
                .ifPresent(process -> found.add(new Leftover("postgres", process)));
        return found;
    }

    /**
     * Stops each of them for good: services with SIGTERM, PostgreSQL with a fast shutdown, then a kill for whatever
     * does not go in time.
     *
     * @param stopping told about each before it is stopped
     * @return what was stopped
     */
    public static List<Leftover> stop(Path home, Consumer<Leftover> stopping) throws IOException {
        List<Leftover> found = find(home);
        for (Leftover leftover : found) {
            stopping.accept(leftover);
            if (leftover.name().equals("postgres")) {
                DurablePostgres.stopOrphan(postgresData(home));
            } else {
                Processes.stop(leftover.process(), SERVICE_STOP_GRACE);
            }
        }
        return found;
    }

    /** The launcher of the stack running from {@code home}, if one does. */
    public static Optional<ProcessHandle> launcher(Path home) throws IOException {
        return PidFile.in(home).runningLauncher();
    }

    private static Path postgresData(Path home) {
        return home.resolve(StackConfig.POSTGRES_DATA);
    }
}
