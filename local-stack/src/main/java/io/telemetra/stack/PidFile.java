package io.telemetra.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <home>/telemetra.pid}, the one place that writes and reads it: the launcher's pid on the first line (what
 * {@code ./telemetra down} signals), then one line per process the stack runs, {@code <name> <pid> <port>}, so that
 * {@code status}, {@code simulate} and {@code bench} find the ports and a later run can stop what a killed launcher
 * left behind. Every instance of a service has its own line under the service's name, the first instance first.
 */
public final class PidFile {

    public static final String NAME = "telemetra.pid";

    public record Entry(String name, long pid, int port) {
    }

    public record Contents(long launcherPid, List<Entry> entries) {

        /** The process of that name, or the first instance of a service. */
        public Optional<Entry> entry(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).findFirst();
        }

        /** Every process of that name: each instance of a service, the first first. */
        public List<Entry> entries(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).toList();
        }

        /** The launcher, if it still runs: a live Java process other than this one, so a recycled pid is not it. */
        public Optional<ProcessHandle> launcher() {
            return ProcessHandle.of(launcherPid)
                    .filter(Processes::isRunning)
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> Processes.commandLine(p).contains("java"));
        }

        /** Recorded services that still run from their jar; a recycled pid runs something else. */
        Map<Entry, ProcessHandle> runningServices() {
            Map<Entry, ProcessHandle> running = new LinkedHashMap<>();
            for (Entry entry : entries) {
                ProcessHandle.of(entry.pid())
                        .filter(Processes::isRunning)
                        .filter(p -> Processes.commandLine(p).contains(entry.name() + ".jar"))
                        .ifPresent(process -> running.put(entry, process));
            }
            return running;
        }
    }

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** The pid file of the stack whose home is {@code home}. */
    public static PidFile in(Path home) {
        return new PidFile(home.resolve(NAME));
    }

    public Path path() {
        return path;
    }

    /** @return empty when there is no file, or one that is not ours or was half-written by a crashed launcher */
    public Optional<Contents> read() throws IOException {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        try {
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long launcher = Long.parseLong(lines.get(0).trim());
            List<Entry> entries = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 3 && parts[1].matches("\\d{1,18}") && parts[2].matches("\\d{1,5}")) {
                    entries.add(new Entry(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
                }
            }
            return Optional.of(new Contents(launcher, List.copyOf(entries)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The launcher of the stack running from this home, if one does. */
    public Optional<ProcessHandle> runningLauncher() throws IOException {
        return read().flatMap(Contents::launcher);
    }

    /** Replaces the file atomically, so a reader never sees a half-written one. */
    void write(long launcherPid, List<Entry> entries) throws IOException {
        StringBuilder text = new StringBuilder().append(launcherPid).append('\n');
        entries.forEach(e -> text.append(e.name()).append(' ').append(e.pid()).append(' ').append(e.port()).append('\n'));
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
