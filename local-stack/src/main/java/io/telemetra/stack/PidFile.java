package io.telemetra.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code <home>/telemetra.pid}: the launcher's pid on the first line (what {@code ./telemetra down} signals), then one
 * line per process the stack runs, {@code <name> <pid> <port>}, so {@code status} finds the ports and a later run can
 * stop what a killed launcher left behind.
 */
final class PidFile {

    record Entry(String name, long pid, int port) {
    }

    record Contents(long launcherPid, List<Entry> entries) {
    }

    private final Path path;

    PidFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    Optional<Contents> read() throws IOException {
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
                if (parts.length == 3) {
                    entries.add(new Entry(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2])));
                }
            }
            return Optional.of(new Contents(launcher, List.copyOf(entries)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not ours or half-written by a crashed launcher: treat as absent
        }
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

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
