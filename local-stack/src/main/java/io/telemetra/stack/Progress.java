package io.telemetra.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines for a person watching the stack start and stop. */
final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    void info(String format, Object... args) {
        line(String.format(Locale.ROOT, format, args));
    }

    void warn(String format, Object... args) {
        line("warning: " + String.format(Locale.ROOT, format, args));
    }

    void error(String message) {
        line("error: " + message);
    }

    /** Lines printed as they are, e.g. a summary table or a log tail. */
    void raw(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private void line(String text) {
        raw(LocalTime.now().format(TIME) + " " + text);
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
    }
}
