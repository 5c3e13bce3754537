package io.telemetra.projection.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.telemetra.projection.support.DeviceEventsTopic.bytes;
import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static org.awaitility.Awaitility.await;

/** Waits for the live consumer to reach a point of {@code telemetra.device-events}. */
public final class ReadModelWait {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReadModelWait() {
    }

    /** Until the device's row has applied exactly up to {@code sequence}. */
    public static void untilSequence(JdbcTemplate jdbc, String deviceId, long sequence) {
        await().atMost(TIMEOUT).until(() -> jdbc.queryForList(
                "select last_sequence from device where device_id = ?", Long.class, deviceId),
                rows -> rows.equals(List.of(sequence)));
    }

    /** Until the consumer has passed every record published so far to this partition: a marker behind them is in. */
    public static void untilConsumed(JdbcTemplate jdbc, DeviceEventsTopic topic, int partition) {
        String marker = "marker-" + UUID.randomUUID();
        topic.publishRaw(partition, marker, bytes(envelope(marker, 0, registered(marker))));
        untilSequence(jdbc, marker, 0);
    }
}
