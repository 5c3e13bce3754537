package io.telemetra.load;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines with the time of day, for a person watching; {@link #raw} for tables and the result line. */
public final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    public Console(PrintStream out) {
        this.out = out;
    }

    void info(String format, Object... args) {
        raw(LocalTime.now().format(TIME) + " " + String.format(Locale.ROOT, format, args));
    }

    void warn(String format, Object... args) {
        info("warning: " + format, args);
    }

    void raw(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
