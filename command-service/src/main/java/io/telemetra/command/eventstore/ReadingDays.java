package io.telemetra.command.eventstore;

import io.telemetra.api.telemetry.ReadingRecordedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Conditions on {@code domain_event_entry} that keep a statement to the day partitions of reading events which can
 * hold events stored from or before an instant (V5__partitioned_event_store.sql: reading events are partitioned by
 * ranges of their {@code time_stamp} text, one per UTC day; other events are not, and the condition keeps them all).
 * The bound is the instant's UTC day widened by a day, which covers a row whose text carries another offset and the
 * skew between the clocks of instances; it is a literal, so that PostgreSQL prunes the other days when it plans the
 * statement and never opens or locks them. The day comes from {@link LocalDate#toString()}: digits and dashes.
 */
public final class ReadingDays {

    private ReadingDays() {
    }

    /** Reading events only from the days that can hold events stored at {@code instant} or later. */
    public static String storedFrom(Instant instant) {
        return condition(">=", LocalDate.ofInstant(instant, ZoneOffset.UTC).minusDays(1));
    }

    /** Reading events only from the days that can hold events stored up to {@code instant}. */
    public static String storedUpTo(Instant instant) {
        return condition("<", LocalDate.ofInstant(instant, ZoneOffset.UTC).plusDays(2));
    }

    private static String condition(String comparison, LocalDate day) {
        return " and (payload_type <> '" + ReadingRecordedEvent.class.getName() + "' or time_stamp collate \"C\" "
                + comparison + " '" + day + "')";
    }
}
