package io.telemetra.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/** The stack's log files: one per run, the previous run's kept as {@code <name>.log.1}. */
public final class LogFiles {

    private static final int TAIL_BYTES = 64 * 1024;

    private LogFiles() {
    }

    /** Moves last run's log aside so each run starts a fresh file and the one before stays readable. */
    static void rotate(Path log) throws IOException {
        if (Files.exists(log) && Files.size(log) > 0) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last {@code lines} lines of a possibly large file; empty when it does not exist. */
    public static List<String> tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (size < length && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line is cut
            }
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    static String indentedTail(Path file, int lines) {
        List<String> tail = tail(file, lines);
        if (tail.isEmpty()) {
            return "  (" + file + " is empty)";
        }
        return "  " + String.join(System.lineSeparator() + "  ", tail);
    }
}
