package io.telemetra.projection.device;

import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.retention.ReadingRetention;
import io.telemetra.projection.rollup.HourRollup;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.OtherInstance;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static io.telemetra.projection.support.ReadModelWait.untilSequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ProjectionServiceIntegrationTest
class ReadingSeriesProjectionIT {

    /** An hour two days ago: raw readings and 1-minute windows of it are within their retention. */
    private static final Instant H12 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    private static final String HORIZON = "select %s(hashtext('readmodel.reading_window_1m_horizon'))";

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReadingRetention retention;
    @Autowired
    HourRollup hours;
    @Autowired
    DataSource dataSource;

    @Test
    void everyReadingIsStoredRawWithItsIdUnitAndEventTime() {
        String deviceId = newDeviceId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);

        publish(deviceId, reading(deviceId, "r-1", "temperature", 21.5, at),
                reading(deviceId, "r-2", "humidity", 40.0, at.plusMillis(1)));

        assertThat(raw(deviceId)).containsExactly(
                new Raw("r-1", "temperature", at, 21.5, "Cel"),
                new Raw("r-2", "humidity", at.plusMillis(1), 40.0, "%"));
    }

    @Test
    void readingsFallIntoTheUtcMinuteAndHourOfTheirEventTimeAtTheBoundaries() {
        String deviceId = newDeviceId();

        publish(deviceId,
                reading(deviceId, "a", "temperature", 1.0, H12),
                reading(deviceId, "b", "temperature", 3.0, H12.plusMillis(59_999)),
                reading(deviceId, "c", "temperature", 10.0, H12.plusSeconds(60)),
                reading(deviceId, "d", "temperature", 4.0, H12.plusMillis(3_599_999)),
                reading(deviceId, "e", "temperature", 7.0, H12.plusSeconds(3600)));

        assertThat(windows("reading_window_1m", deviceId)).containsExactly(
                new Window(H12, 2, 1.0, 3.0, 4.0),
                new Window(H12.plusSeconds(60), 1, 10.0, 10.0, 10.0),
                new Window(H12.plusSeconds(59 * 60), 1, 4.0, 4.0, 4.0),
                new Window(H12.plusSeconds(3600), 1, 7.0, 7.0, 7.0));
        assertThat(windows("reading_window_1h_exact", deviceId)).containsExactly(
                new Window(H12, 4, 1.0, 10.0, 18.0),
                new Window(H12.plusSeconds(3600), 1, 7.0, 7.0, 7.0));
        hours.rollUpAll();
        assertThat(windows("reading_window_1h", deviceId)).isEqualTo(windows("reading_window_1h_exact", deviceId));
    }

    @Test
    void aLateReadingUpdatesTheWindowItBelongsTo() {
        String deviceId = newDeviceId();
        publish(deviceId,
                reading(deviceId, "a", "temperature", 5.0, H12.plusSeconds(10)),
                reading(deviceId, "b", "temperature", 6.0, H12.plusSeconds(7200)));

        // Measured at 12:00:30 but recorded after the 14:00 reading: a gateway flushing its buffer.
        publishFrom(deviceId, 3, reading(deviceId, "late", "temperature", -2.0, H12.plusSeconds(30)));

        assertThat(windows("reading_window_1m", deviceId)).containsExactly(
                new Window(H12, 2, -2.0, 5.0, 3.0),
                new Window(H12.plusSeconds(7200), 1, 6.0, 6.0, 6.0));
        assertThat(windows("reading_window_1h_exact", deviceId)).containsExactly(
                new Window(H12, 2, -2.0, 5.0, 3.0),
                new Window(H12.plusSeconds(7200), 1, 6.0, 6.0, 6.0));
    }

    @Test
    void redeliveriesAndAReadingIdStoredBeforeCountOnce() {
        String deviceId = newDeviceId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
        List<EventEnvelope> history = publish(deviceId,
                reading(deviceId, "r-1", "temperature", 20.0, at),
                reading(deviceId, "r-2", "temperature", 22.0, at.plusSeconds(1)));
        List<Window> minutesBefore = windows("reading_window_1m", deviceId);
        List<Window> hoursBefore = windows("reading_window_1h_exact", deviceId);

        history.forEach(topic::publish);
        // A new event carrying a reading id already stored: the raw series refuses it, so no window counts it.
        publishFrom(deviceId, history.size(), reading(deviceId, "r-1", "temperature", 99.0, at));

        assertThat(windows("reading_window_1m", deviceId)).isEqualTo(minutesBefore)
                .containsExactly(new Window(at, 2, 20.0, 22.0, 42.0));
        assertThat(windows("reading_window_1h_exact", deviceId)).isEqualTo(hoursBefore)
                .containsExactly(new Window(at.truncatedTo(ChronoUnit.HOURS), 2, 20.0, 22.0, 42.0));
        hours.rollUpAll();
        assertThat(windows("reading_window_1h", deviceId)).isEqualTo(hoursBefore);
        assertThat(raw(deviceId)).extracting(Raw::value).containsExactly(20.0, 22.0);
    }

    @Test
    void aReadingOlderThanTheRawRetentionIsCountedInItsWindowsButNotStoredRaw() {
        String deviceId = newDeviceId();
        Instant old = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.HOURS);
        Instant recent = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);
        publish(deviceId,
                reading(deviceId, "old", "temperature", 1.0, old),
                reading(deviceId, "recent", "temperature", 2.0, recent));

        assertThat(raw(deviceId)).extracting(Raw::readingId).containsExactly("recent");
        assertThat(windows("reading_window_1h_exact", deviceId)).containsExactly(
                new Window(old, 1, 1.0, 1.0, 1.0), new Window(recent, 1, 2.0, 2.0, 2.0));
    }

    /**
     * Raw readings go by whole days dropped; 1-minute windows after 30 days, 1-hour windows after 400 (defaults).
     * Purging as of days ahead empties the live read models of every test's readings, which the topic still holds: the
     * context is not shared afterwards, so that no later test compares a rebuild from the topic with them.
     */
    @Test
    @DirtiesContext
    void thePurgeDropsTheDaysOfRawReadingsAndDeletesTheWindowsPastTheirRetention() {
        String deviceId = newDeviceId();
        Instant now = Instant.now();
        Instant sixDaysAgo = now.minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);
        Instant today = now.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
        publish(deviceId,
                reading(deviceId, "six-days-ago", "temperature", 1.0, sixDaysAgo),
                reading(deviceId, "today", "temperature", 2.0, today));
        String sixDaysAgoPartition = jdbc.queryForObject("select tableoid::regclass::text from reading"
                + " where device_id = ? and reading_id = 'six-days-ago'", String.class, deviceId);
        assertThat(sixDaysAgoPartition).startsWith("reading_p");

        try {
            ReadingRetention.Purged inThreeDays = retention.purge(now.plus(Duration.ofDays(3)));

            assertThat(inThreeDays.rawDays()).isPositive();
            assertThat(jdbc.queryForObject("select to_regclass(?) is null", Boolean.class, sixDaysAgoPartition))
                    .isTrue();
            assertThat(raw(deviceId)).extracting(Raw::readingId).containsExactly("today");
            assertThat(windows("reading_window_1m", deviceId)).hasSize(2);

            retention.purge(now.plus(Duration.ofDays(35)));
            assertThat(windows("reading_window_1m", deviceId)).isEmpty();
            assertThat(windows("reading_window_1h", deviceId)).hasSize(2);

            retention.purge(now.plus(Duration.ofDays(402)));
            assertThat(windows("reading_window_1h", deviceId)).isEmpty();
        } finally {
            retention.ensureDays(Instant.now()); // the days the other tests write into, dropped by the purges above
        }
    }

    /**
     * A 1-minute window is kept while any part of its hour is within the retention (30 days by default): the purge moves
     * the horizon to that hour, after rolling up the hours before it, whose 1-hour windows keep what their minutes held.
     */
    @Test
    void aMinuteWindowIsPurgedOnlyOnceItsWholeHourIsPastTheRetention() {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(30));
        Instant partlyInside = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.HOURS);
        Instant whollyOutside = partlyInside.minus(Duration.ofHours(1));
        publish(deviceId,
                reading(deviceId, "outside", "temperature", 1.0, whollyOutside.plusSeconds(3599)),
                reading(deviceId, "inside", "temperature", 2.0, partlyInside));

        retention.purge(now);

        assertThat(windows("reading_window_1m", deviceId)).extracting(Window::start).containsExactly(partlyInside);
        assertThat(windows("reading_window_1h", deviceId)).contains(new Window(whollyOutside, 1, 1.0, 1.0, 1.0));
        assertThat(windows("reading_window_1h_exact", deviceId)).containsExactly(
                new Window(whollyOutside, 1, 1.0, 1.0, 1.0), new Window(partlyInside, 1, 2.0, 2.0, 2.0));
        assertThat(horizon()).isEqualTo(partlyInside);
    }

    /**
     * Until the rollup runs, the hour is pending and answered from its 1-minute windows; the rollup writes its 1-hour
     * windows and removes the marks; a late reading marks the hour again, and the answer counts it at once.
     */
    @Test
    void anHourIsAnsweredExactlyBeforeItsRollupAfterItAndAfterALateReading() throws Exception {
        String deviceId = newDeviceId();
        Instant hour = H12.plus(Duration.ofHours(5));
        try (OtherInstance otherInstance = new OtherInstance(dataSource.getConnection())) {
            otherInstance.holdRollupTurn();
            publish(deviceId,
                    reading(deviceId, "a", "temperature", 20.1, hour.plusSeconds(5)),
                    reading(deviceId, "b", "temperature", 20.2, hour.plusSeconds(65)),
                    reading(deviceId, "c", "humidity", 40.0, hour.plusSeconds(70)));

            assertThat(hours.rollUpAll()).as("rolled up while another instance holds the turn").isZero();
            assertThat(pendingMarks(hour)).isPositive();
            assertThat(windows("reading_window_1h", deviceId)).isEmpty();
            assertThat(windows("reading_window_1h_exact", deviceId, "temperature")).containsExactly(
                    new Window(hour, 2, 20.1, 20.2, 40.3));

            otherInstance.releaseRollupTurn();
            hours.rollUpAll();
            assertThat(pendingMarks(hour)).isZero();
            assertThat(windows("reading_window_1h", deviceId, "temperature")).containsExactly(
                    new Window(hour, 2, 20.1, 20.2, 40.3));
            assertThat(exactSum(deviceId, "temperature", hour)).isEqualByComparingTo("40.3");

            otherInstance.holdRollupTurn();
            publishFrom(deviceId, 4, reading(deviceId, "late", "temperature", 19.9, hour.plusSeconds(3000)));

            assertThat(pendingMarks(hour)).isPositive();
            assertThat(windows("reading_window_1h", deviceId, "temperature")).containsExactly(
                    new Window(hour, 2, 20.1, 20.2, 40.3));
            assertThat(windows("reading_window_1h_exact", deviceId, "temperature")).containsExactly(
                    new Window(hour, 3, 19.9, 20.2, 60.2));

            otherInstance.releaseRollupTurn();
            hours.rollUpAll();
            assertThat(windows("reading_window_1h", deviceId)).isEqualTo(windows("reading_window_1h_exact", deviceId))
                    .contains(new Window(hour, 3, 19.9, 20.2, 60.2));
            assertThat(exactSum(deviceId, "temperature", hour)).isEqualByComparingTo("60.2");
        }
    }

    @Test
    void aLateReadingRewritesOnlyTheHourWindowsItChanges() {
        String deviceId = newDeviceId();
        String otherDeviceId = newDeviceId();
        Instant hour = H12.plus(Duration.ofHours(7));
        publish(deviceId, reading(deviceId, "a", "temperature", 20.0, hour.plusSeconds(5)),
                reading(deviceId, "b", "humidity", 40.0, hour.plusSeconds(6)));
        publish(otherDeviceId, reading(otherDeviceId, "a", "temperature", 30.0, hour.plusSeconds(7)));
        hours.rollUpAll();
        String humidityVersion = rowVersion(deviceId, "humidity", hour);
        String otherVersion = rowVersion(otherDeviceId, "temperature", hour);
        String temperatureVersion = rowVersion(deviceId, "temperature", hour);

        publishFrom(deviceId, 3, reading(deviceId, "late", "temperature", 22.0, hour.plusSeconds(3000)));
        assertThat(pendingMarks(hour)).isPositive();
        hours.rollUpAll();

        assertThat(windows("reading_window_1h", deviceId, "temperature")).containsExactly(
                new Window(hour, 2, 20.0, 22.0, 42.0));
        assertThat(rowVersion(deviceId, "temperature", hour)).isNotEqualTo(temperatureVersion);
        assertThat(rowVersion(deviceId, "humidity", hour)).as("a window the late reading left as it was")
                .isEqualTo(humidityVersion);
        assertThat(rowVersion(otherDeviceId, "temperature", hour)).as("another device's window")
                .isEqualTo(otherVersion);
    }

    /** The row version (ctid and the transaction that wrote it) of a 1-hour window: it changes when it is written. */
    private String rowVersion(String deviceId, String metric, Instant hour) {
        return jdbc.queryForObject("select ctid::text || '/' || xmin::text from reading_window_1h where device_id = ?"
                + " and metric = ? and window_start = ?", String.class, deviceId, metric,
                OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
    }

    /** Before the horizon a reading's 1-minute window is past its retention: its 1-hour window counts it, once. */
    @Test
    void aReadingBeforeTheMinuteWindowsHorizonIsCountedInItsHourDirectlyAndOnce() {
        String deviceId = newDeviceId();
        Instant now = Instant.now();
        retention.purge(now);
        Instant old = retention.minuteHorizon(now).minus(Duration.ofHours(3)).plusSeconds(42);
        Instant oldHour = old.truncatedTo(ChronoUnit.HOURS);
        List<EventEnvelope> history = publish(deviceId,
                reading(deviceId, "old", "temperature", 7.5, old),
                reading(deviceId, "recent", "temperature", 2.0, now.minusSeconds(90)));

        history.forEach(topic::publish); // redelivered
        publishFrom(deviceId, history.size(), reading(deviceId, "after", "humidity", 1.0, now.minusSeconds(80)));

        assertThat(windows("reading_window_1m", deviceId, "temperature")).extracting(Window::start)
                .containsExactly(now.minusSeconds(90).truncatedTo(ChronoUnit.MINUTES));
        assertThat(pendingMarks(oldHour)).isZero();
        assertThat(windows("reading_window_1h", deviceId, "temperature"))
                .contains(new Window(oldHour, 1, 7.5, 7.5, 7.5));
        assertThat(windows("reading_window_1h_exact", deviceId, "temperature")).containsExactly(
                new Window(oldHour, 1, 7.5, 7.5, 7.5),
                new Window(now.minusSeconds(90).truncatedTo(ChronoUnit.HOURS), 1, 2.0, 2.0, 2.0));
    }

    /**
     * The horizon moves while no transaction writes readings: a projection transaction waits while it is being moved,
     * and moving it waits for the transactions in flight, giving up after a while (the next purge tries again).
     */
    @Test
    void aProjectionTransactionAndAMoveOfTheHorizonWaitForEachOther() throws Exception {
        String deviceId = newDeviceId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(50));
        publish(deviceId, reading(deviceId, "before", "temperature", 1.0, at));
        try (OtherInstance otherInstance = new OtherInstance(dataSource.getConnection())) {
            otherInstance.run(HORIZON.formatted("pg_advisory_lock"));
            topic.publish(envelope(deviceId, 2, reading(deviceId, "during", "temperature", 2.0, at.plusSeconds(1))));

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                    "select last_sequence from device where device_id = ?", Long.class, deviceId) == 1);
            otherInstance.run(HORIZON.formatted("pg_advisory_unlock"));
            untilSequence(jdbc, deviceId, 2);

            Instant horizon = retention.minuteHorizon(Instant.now());
            otherInstance.run(HORIZON.formatted("pg_advisory_lock_shared"));
            assertThat(hours.raiseHorizon(horizon)).isFalse();
            otherInstance.run(HORIZON.formatted("pg_advisory_unlock_shared"));
            assertThat(hours.raiseHorizon(horizon)).isTrue();
            assertThat(horizon()).isEqualTo(horizon);
        }
        assertThat(windows("reading_window_1h_exact", deviceId)).containsExactly(
                new Window(at.truncatedTo(ChronoUnit.HOURS), 2, 1.0, 2.0, 3.0));
    }

    /**
     * Rollups on two instances at once, while readings keep coming into the hours they roll up, late ones included:
     * no mark is lost, and once every mark is rolled up the 1-hour windows are exactly what the readings make.
     */
    @Test
    void rollupsRacingEachOtherAndTheProjectionLoseNoReading() throws Exception {
        String deviceId = newDeviceId();
        Instant hour = H12.plus(Duration.ofHours(9));
        List<ReadingRecordedEvent> readings = new ArrayList<>();
        for (int k = 0; k < 120; k++) {
            // Two hours, the earlier one's readings coming late, interleaved with the later one's.
            Instant at = hour.plusSeconds(k % 3 == 0 ? 30L * k : 3600 + 29L * k);
            readings.add(reading(deviceId, "r-" + k, "temperature", 20 + (k % 17) * 0.1, at));
        }
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService rollups = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> racing = new ArrayList<>();
            for (int instance = 0; instance < 2; instance++) {
                racing.add(rollups.submit(() -> {
                    while (publishing.get()) {
                        hours.rollUpAll();
                    }
                    return null;
                }));
            }
            for (int k = 0; k < readings.size(); k++) {
                topic.publish(envelope(deviceId, k + 1L, readings.get(k)));
                if (k % 10 == 9) {
                    untilSequence(jdbc, deviceId, k + 1L);
                }
            }
            publishing.set(false);
            for (Future<?> rollup : racing) {
                rollup.get();
            }
        } finally {
            publishing.set(false);
            rollups.shutdown();
        }
        untilSequence(jdbc, deviceId, readings.size());

        List<Window> expected = jdbc.query("""
                select date_trunc('hour', reading_timestamp, 'UTC'), count(*), min(value), max(value),
                       sum(value::numeric)
                from reading where device_id = ? group by 1 order by 1""",
                (rs, i) -> new Window(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2),
                        rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)), deviceId);
        assertThat(expected).extracting(Window::count).containsExactly(40L, 80L);
        assertThat(windows("reading_window_1h_exact", deviceId)).isEqualTo(expected);
        hours.rollUpAll();
        assertThat(pendingMarks(hour)).isZero();
        assertThat(windows("reading_window_1h", deviceId)).isEqualTo(expected);
    }

    /** Registers the device, publishes the readings after it and waits until all of them are applied. */
    private List<EventEnvelope> publish(String deviceId, ReadingRecordedEvent... readings) {
        List<EventEnvelope> published = new ArrayList<>();
        published.add(envelope(deviceId, 0, registered(deviceId)));
        for (ReadingRecordedEvent reading : readings) {
            published.add(envelope(deviceId, published.size(), reading));
        }
        published.forEach(topic::publish);
        untilSequence(jdbc, deviceId, published.size() - 1);
        return published;
    }

    private void publishFrom(String deviceId, long sequence, ReadingRecordedEvent reading) {
        topic.publish(envelope(deviceId, sequence, reading));
        untilSequence(jdbc, deviceId, sequence);
    }

    private List<Raw> raw(String deviceId) {
        return jdbc.query("""
                        select reading_id, metric, reading_timestamp, value, unit from reading
                        where device_id = ? order by reading_timestamp, reading_id""",
                (rs, i) -> new Raw(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getDouble(4), rs.getString(5)),
                deviceId);
    }

    private List<Window> windows(String table, String deviceId) {
        return jdbc.query("select window_start, count, min, max, sum from " + table
                        + " where device_id = ? order by window_start",
                (rs, i) -> new Window(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2),
                        rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
                deviceId);
    }

    private List<Window> windows(String table, String deviceId, String metric) {
        return jdbc.query("select window_start, count, min, max, sum from " + table
                        + " where device_id = ? and metric = ? order by window_start",
                (rs, i) -> new Window(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2),
                        rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
                deviceId, metric);
    }

    private BigDecimal exactSum(String deviceId, String metric, Instant hour) {
        return jdbc.queryForObject("select sum from reading_window_1h_exact where device_id = ? and metric = ?"
                + " and window_start = ?", BigDecimal.class, deviceId, metric, OffsetDateTime.ofInstant(hour,
                ZoneOffset.UTC));
    }

    private long pendingMarks(Instant hour) {
        return jdbc.queryForObject("select count(*) from reading_window_1h_pending where window_start = ?",
                Long.class, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
    }

    private Instant horizon() {
        return jdbc.queryForObject("select hour from reading_window_1m_horizon", OffsetDateTime.class).toInstant();
    }

    private static ReadingRecordedEvent reading(String deviceId, String readingId, String metric, double value,
                                                Instant timestamp) {
        return new ReadingRecordedEvent(deviceId, readingId, metric, value,
                "temperature".equals(metric) ? "Cel" : "%", timestamp, Instant.now());
    }

    private static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }

    private record Raw(String readingId, String metric, Instant timestamp, double value, String unit) {
    }

    private record Window(Instant start, long count, double min, double max, double sum) {
    }
}
