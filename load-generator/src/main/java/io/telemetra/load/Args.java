package io.telemetra.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line flags as {@code --name value} or {@code --name=value}, taken one at a time, and the value formats the
 * commands share: durations ({@code 90s}, {@code 5m}), rates ({@code 500/s}) and counts.
 */
final class Args {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/(s|m))?");

    private final List<String> rest;
    private String name;
    private String inlineValue;

    Args(List<String> args) {
        this.rest = new ArrayList<>(args);
    }

    /** Advances to the next flag and returns its name without dashes, or empty when none is left. */
    Optional<String> next() {
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        String arg = rest.remove(0);
        if (!arg.startsWith("--") || arg.length() == 2) {
            throw new IllegalArgumentException("unexpected argument: " + arg);
        }
        int eq = arg.indexOf('=');
        name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        inlineValue = eq < 0 ? null : arg.substring(eq + 1);
        return Optional.of(name);
    }

    /** The current flag's value. */
    String value() {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return rest.remove(0);
    }

    /** The current flag takes no value. */
    void noValue() {
        if (inlineValue != null) {
            throw new IllegalArgumentException("--" + name + " takes no value");
        }
    }

    IllegalArgumentException unknown() {
        return new IllegalArgumentException("unknown option --" + name);
    }

    int positiveInt() {
        String value = value();
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, not '" + value + "'");
    }

    /** A duration: {@code 90s}, {@code 500ms}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    Duration duration() {
        String value = value();
        Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--" + name + " takes a duration such as 90s, 5m or 1h, not '"
                    + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** A duration, or empty for {@code forever}. */
    Optional<Duration> durationOrForever() {
        if (peekValue().equalsIgnoreCase("forever")) {
            value();
            return Optional.empty();
        }
        return Optional.of(duration());
    }

    /** Readings per second: {@code 500}, {@code 500/s} or {@code 600/m}; must be positive. */
    double ratePerSecond() {
        String value = value();
        Matcher matcher = RATE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            double perSecond = "m".equals(matcher.group(2)) ? amount / 60 : amount;
            if (perSecond > 0) {
                return perSecond;
            }
        }
        throw new IllegalArgumentException("--" + name + " takes a positive rate such as 500/s or 600/m, not '"
                + value + "'");
    }

    /** One of {@code choices}, lower case. */
    String choice(String... choices) {
        String value = value().trim().toLowerCase(Locale.ROOT);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be one of " + String.join(", ", choices)
                + ", not '" + value + "'");
    }

    private String peekValue() {
        if (inlineValue != null) {
            return inlineValue;
        }
        return rest.isEmpty() ? "" : rest.get(0);
    }
}
