package io.telemetra.projection.device;

import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.retention.ReadingRetention;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static io.telemetra.projection.support.ReadModelWait.untilSequence;
import static org.assertj.core.api.Assertions.assertThat;

@ProjectionServiceIntegrationTest
class ReadingSeriesProjectionIT {

    private static final Instant H12 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReadingRetention retention;

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
        assertThat(windows("reading_window_1h", deviceId)).containsExactly(
                new Window(H12, 4, 1.0, 10.0, 18.0),
                new Window(H12.plusSeconds(3600), 1, 7.0, 7.0, 7.0));
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
        assertThat(windows("reading_window_1h", deviceId)).containsExactly(
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
        List<Window> hoursBefore = windows("reading_window_1h", deviceId);

        history.forEach(topic::publish);
        // A new event carrying a reading id already stored: the raw series refuses it, so no window counts it.
        publishFrom(deviceId, history.size(), reading(deviceId, "r-1", "temperature", 99.0, at));

        assertThat(windows("reading_window_1m", deviceId)).isEqualTo(minutesBefore)
                .containsExactly(new Window(at, 2, 20.0, 22.0, 42.0));
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
        assertThat(windows("reading_window_1h", deviceId)).containsExactly(
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

    /** A window is kept while any part of its minute is within the retention (30 days by default). */
    @Test
    void aMinuteWindowIsPurgedOnlyOnceItsWholeMinuteIsPastTheRetention() {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
        Instant partlyInside = now.minus(Duration.ofDays(30)).minusSeconds(30);
        Instant whollyOutside = partlyInside.minusSeconds(60);
        publish(deviceId,
                reading(deviceId, "outside", "temperature", 1.0, whollyOutside.plusSeconds(59)),
                reading(deviceId, "inside", "temperature", 2.0, partlyInside));

        retention.purge(now);

        assertThat(windows("reading_window_1m", deviceId)).extracting(Window::start).containsExactly(partlyInside);
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
