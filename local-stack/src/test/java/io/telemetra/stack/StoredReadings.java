package io.telemetra.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the platform stored of the test's devices' readings, read straight from PostgreSQL: how often each reading is
 * in the event store and in the raw series, and the reading count of each 1-minute and 1-hour window, both as the read
 * model answers it (1-hour windows as queries read them, whatever the rollup's lag) and as the event store's readings
 * say it must be.
 */
final class StoredReadings {

    private static final String READING_RECORDED = "io.telemetra.api.telemetry.ReadingRecordedEvent";

    /** Times each reading (device/readingId) is in the event store. */
    final Map<String, Long> eventStore;
    /** Times each reading is in the read model's raw series. */
    final Map<String, Long> rawSeries;
    final Map<String, Long> minuteWindows;
    final Map<String, Long> expectedMinuteWindows;
    final Map<String, Long> hourWindows;
    final Map<String, Long> expectedHourWindows;

    private StoredReadings(Map<String, Long> eventStore, Map<String, Long> rawSeries, Map<String, Long> minuteWindows,
                           Map<String, Long> expectedMinuteWindows, Map<String, Long> hourWindows,
                           Map<String, Long> expectedHourWindows) {
        this.eventStore = eventStore;
        this.rawSeries = rawSeries;
        this.minuteWindows = minuteWindows;
        this.expectedMinuteWindows = expectedMinuteWindows;
        this.hourWindows = hourWindows;
        this.expectedHourWindows = expectedHourWindows;
    }

    /**
     * Waits (up to {@code patience}) for the read models to catch up with the ledger, then checks that every
     * acknowledged reading is stored and projected exactly once and that every running instance is healthy again.
     */
    static void assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(FaultStack stack, ReadingLedger ledger,
                                                                       Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        StoredReadings stored = now(stack, ledger);
        while ((stored == null || !stored.caughtUp(ledger)) && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            stored = now(stack, ledger);
        }
        assertThat(stored).as("PostgreSQL answers").isNotNull();
        System.out.printf("%s %d readings acknowledged, %d sent, %d in the event store%n", Instant.now(),
                ledger.acknowledgedCount(), ledger.sentKeys().size(), stored.eventStore.size());
        stored.assertExactlyOnce(ledger);
        stack.awaitHealthy(patience);
    }

    /** What is stored now, or null while PostgreSQL does not answer (still recovering). */
    private static StoredReadings now(FaultStack stack, ReadingLedger ledger) {
        try (Connection connection = stack.connect()) {
            return of(connection, ledger.devices());
        } catch (SQLException e) {
            return null;
        }
    }

    static StoredReadings of(Connection connection, List<String> devices) throws SQLException {
        Array ids = connection.createArrayOf("text", devices.toArray());
        return new StoredReadings(
                counts(connection, ids, """
                        select aggregate_identifier || '/' || (convert_from(payload, 'UTF8')::jsonb ->> 'readingId'),
                               count(*)
                        from eventstore.domain_event_entry
                        where payload_type = '%s' and aggregate_identifier = any(?)
                        group by 1""".formatted(READING_RECORDED)),
                counts(connection, ids, """
                        select device_id || '/' || reading_id, count(*) from readmodel.reading
                        where device_id = any(?) group by 1"""),
                counts(connection, ids, windows("reading_window_1m")),
                counts(connection, ids, expectedWindows("minute")),
                counts(connection, ids, windows("reading_window_1h_exact")),
                counts(connection, ids, expectedWindows("hour")));
    }

    private static String windows(String table) {
        return """
                select device_id || '/' || metric || '/' || to_char(window_start at time zone 'UTC',
                       'YYYY-MM-DD"T"HH24:MI'), count
                from readmodel.%s where device_id = any(?)""".formatted(table);
    }

    /** Windows by event time (the reading's timestamp), of every reading the event store holds once or more. */
    private static String expectedWindows(String unit) {
        return """
                select r.device_id || '/' || r.metric || '/' || to_char(date_trunc('%s', r.at at time zone 'UTC'),
                       'YYYY-MM-DD"T"HH24:MI'), count(*)
                from (select distinct aggregate_identifier as device_id,
                             convert_from(payload, 'UTF8')::jsonb ->> 'readingId' as reading_id,
                             convert_from(payload, 'UTF8')::jsonb ->> 'metric' as metric,
                             (convert_from(payload, 'UTF8')::jsonb ->> 'timestamp')::timestamptz as at
                      from eventstore.domain_event_entry
                      where payload_type = '%s' and aggregate_identifier = any(?)) r
                group by 1""".formatted(unit, READING_RECORDED);
    }

    private static Map<String, Long> counts(Connection connection, Array devices, String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, devices);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * The platform has caught up with the ledger: every acknowledged reading stored (a gateway's are stored after the
     * broker acknowledged them), every stored reading projected, every window counted.
     */
    boolean caughtUp(ReadingLedger ledger) {
        return eventStore.keySet().containsAll(ledger.acknowledgedKeys())
                && rawSeries.keySet().equals(eventStore.keySet()) && minuteWindows.equals(expectedMinuteWindows)
                && hourWindows.equals(expectedHourWindows);
    }

    /**
     * Every acknowledged reading is in the event store exactly once and in the raw series once; nothing sent is there
     * twice, nothing is there that was not sent; every window counts exactly the readings the event store holds.
     */
    void assertExactlyOnce(ReadingLedger ledger) {
        Set<String> acknowledged = ledger.acknowledgedKeys();
        Map<String, Long> acknowledgedNotOnce = new TreeMap<>();
        for (String key : acknowledged) {
            long stored = eventStore.getOrDefault(key, 0L);
            if (stored != 1) {
                acknowledgedNotOnce.put(key, stored);
            }
        }
        assertThat(acknowledgedNotOnce).as("acknowledged readings not in the event store exactly once (of %d)",
                acknowledged.size()).isEmpty();
        assertThat(new TreeMap<>(eventStore)).as("readings in the event store more than once")
                .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
        assertThat(ledger.sentKeys()).as("the event store holds only readings that were sent")
                .containsAll(eventStore.keySet());
        assertThat(new TreeMap<>(rawSeries)).as("the raw series holds each stored reading once")
                .isEqualTo(new TreeMap<>(eventStore));
        assertThat(new TreeMap<>(minuteWindows)).as("1-minute windows").isEqualTo(new TreeMap<>(expectedMinuteWindows));
        assertThat(new TreeMap<>(hourWindows)).as("1-hour windows").isEqualTo(new TreeMap<>(expectedHourWindows));
    }
}
