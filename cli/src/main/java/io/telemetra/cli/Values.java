package io.telemetra.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How every subcommand reads durations, rates, counts and ports: one spelling for each, whichever option takes it. */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/(s|m))?");

    /** What {@code --duration forever} stands for. */
    static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private Values() {
    }

    /** {@code 500ms}, {@code 90s}, {@code 5m}, {@code 8h}, {@code 7d}; a bare number is seconds. */
    static final class DurationValue implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new TypeConversionException("'" + text + "' is not a duration such as 90s, 5m, 8h or 7d");
            }
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
    }

    /** A duration, or {@code forever} ({@link #FOREVER}). */
    static final class DurationOrForever implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            return text.trim().equalsIgnoreCase("forever") ? FOREVER : new DurationValue().convert(text);
        }
    }

    /** Per second: {@code 500}, {@code 500/s} or {@code 600/m}; positive. */
    static final class RateValue implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            Matcher matcher = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                double amount = Double.parseDouble(matcher.group(1));
                double perSecond = "m".equals(matcher.group(2)) ? amount / 60 : amount;
                if (perSecond > 0) {
                    return perSecond;
                }
            }
            throw new TypeConversionException("'" + text + "' is not a positive rate such as 500/s or 600/m");
        }
    }

    /** A whole number above zero. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not a positive whole number");
        }
    }

    /** A TCP port. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int port = new Positive().convert(text);
            if (port > 65535) {
                throw new TypeConversionException("'" + text + "' is not a port number");
            }
            return port;
        }
    }
}
