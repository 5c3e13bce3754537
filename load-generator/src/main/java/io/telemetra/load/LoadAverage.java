package io.telemetra.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, to note next to a figure measured on a shared machine. */
final class LoadAverage {

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private LoadAverage() {
    }

    /** "2.31", or "?" where the operating system does not tell. */
    static String now() {
        try {
            return Files.readString(LOADAVG).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
