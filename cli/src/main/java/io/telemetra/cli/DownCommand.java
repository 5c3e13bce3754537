package io.telemetra.cli;

import io.telemetra.stack.Leftovers;
import io.telemetra.stack.PidFile;
import io.telemetra.stack.Processes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./telemetra down}: stops the stack running from the home, from any shell, and waits until it is gone. */
@Command(name = "down", description = "Stop the running platform and wait until it is gone.")
final class DownCommand implements Callable<Integer> {

    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 200;

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = telemetra.workspace();
        String timeout = workspace.env("TELEMETRA_STOP_TIMEOUT");
        stop(home.resolve(workspace), timeout == null ? DEFAULT_STOP_TIMEOUT
                : new Values.DurationValue().convert(timeout), spec.commandLine().getOut());
        return 0;
    }

    /**
     * SIGTERM to the launcher, which stops everything in order; SIGKILL after {@code timeout}. Then whatever a killed
     * launcher left running, and the pid file.
     */
    static void stop(Path home, Duration timeout, PrintWriter out) throws IOException {
        long started = System.nanoTime();
        Optional<ProcessHandle> launcher = Leftovers.launcher(home);
        if (launcher.isPresent()) {
            ProcessHandle process = launcher.get();
            say(out, "stopping Telemetra (pid " + process.pid() + ")");
            process.destroy();
            if (!await(process, timeout)) {
                say(out, "still running after " + timeout.toSeconds() + " s: killing it");
                process.destroyForcibly();
                if (!await(process, KILL_WAIT)) {
                    throw CliException.die("could not stop pid " + process.pid());
                }
            }
        }
        boolean cleaned = !Leftovers.stop(home, leftover -> say(out, "stopping " + leftover.name() + " (pid "
                + leftover.process().pid() + "), left running by a launcher that did not stop it")).isEmpty();
        PidFile.in(home).delete();
        if (launcher.isPresent() || cleaned) {
            say(out, "Telemetra stopped in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        } else {
            say(out, "Telemetra is not running");
        }
    }

    /** Polls: {@code onExit()} of a process that is not our child only notices the exit after a growing delay. */
    private static boolean await(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Processes.isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !Processes.isRunning(process);
            }
        }
        return true;
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
