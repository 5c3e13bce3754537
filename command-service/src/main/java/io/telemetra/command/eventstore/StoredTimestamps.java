package io.telemetra.command.eventstore;

import org.axonframework.common.DateTimeUtils;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the {@code time_stamp} text Axon writes ({@code 2026-11-30T06:00:00.123Z}: UTC, milliseconds) without
 * {@link java.time.format.DateTimeFormatter}, whose general ISO parser was a quarter of the event relay's work per event;
 * any other form goes to Axon's parser, which reads every ISO-8601 offset date-time.
 */
final class StoredTimestamps {

    /** What Axon writes, a digit standing for each {@code d}. */
    private static final String SHAPE = "dddd-dd-ddTdd:dd:dd.dddZ";
    private static final int LENGTH = SHAPE.length();

    private StoredTimestamps() {
    }

    static Instant parse(String stored) {
        if (stored.length() != LENGTH || !hasShape(stored)) {
            return DateTimeUtils.parseInstant(stored);
        }
        int hour = number(stored, 11, 13);
        int minute = number(stored, 14, 16);
        int second = number(stored, 17, 19);
        if (hour > 23 || minute > 59 || second > 59) {
            return DateTimeUtils.parseInstant(stored);
        }
        // LocalDate.of refuses a day that does not exist, as the ISO parser does.
        long day = LocalDate.of(number(stored, 0, 4), number(stored, 5, 7), number(stored, 8, 10)).toEpochDay();
        return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second,
                number(stored, 20, 23) * 1_000_000L);
    }

    private static boolean hasShape(String stored) {
        for (int i = 0; i < LENGTH; i++) {
            char expected = SHAPE.charAt(i);
            char actual = stored.charAt(i);
            if (expected == 'd' ? actual < '0' || actual > '9' : actual != expected) {
                return false;
            }
        }
        return true;
    }

    private static int number(String stored, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + stored.charAt(i) - '0';
        }
        return value;
    }
}
