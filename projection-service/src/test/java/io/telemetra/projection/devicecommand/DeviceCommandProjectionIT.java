package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static io.telemetra.projection.support.ReadModelWait.untilConsumed;
import static io.telemetra.projection.support.ReadModelWait.untilSequence;
import static org.assertj.core.api.Assertions.assertThat;

@ProjectionServiceIntegrationTest
class DeviceCommandProjectionIT {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCommandIsIssuedRedeliveredAndAnsweredAndAnotherTimesOut() {
        String deviceId = newDeviceId();
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, issued(deviceId, "c1", T0)));
        topic.publish(envelope(deviceId, 2, issued(deviceId, "c2", T0.plusSeconds(1))));
        untilSequence(jdbc, deviceId, 2);

        assertThat(command(deviceId, "c1")).containsEntry("status", "ISSUED")
                .containsEntry("type", "THROTTLE")
                .containsEntry("issued_by", "op-1")
                .containsEntry("alert_id", "a1")
                .containsEntry("attempts", 1)
                .containsEntry("outcome", null)
                .containsEntry("answered_at", null);
        assertThat(jdbc.queryForObject("select parameters = '{\"percent\": 50}'::jsonb from device_command"
                + " where device_id = ? and command_id = 'c1'", Boolean.class, deviceId)).isTrue();

        topic.publish(envelope(deviceId, 3, new DeviceCommandRedeliveredEvent(deviceId, "c1", "THROTTLE",
                Map.of("percent", 50), 2, T0.plusSeconds(30), "a1", T0)));
        topic.publish(envelope(deviceId, 4, new DeviceCommandAcknowledgedEvent(deviceId, "c1", CommandOutcome.ACCEPTED,
                "throttling", deviceId, T0.plusSeconds(35))));
        topic.publish(envelope(deviceId, 5, new DeviceCommandTimedOutEvent(deviceId, "c2", 3, T0.plusSeconds(90))));
        untilSequence(jdbc, deviceId, 5);

        assertThat(command(deviceId, "c1")).containsEntry("status", "ACKNOWLEDGED")
                .containsEntry("attempts", 2)
                .containsEntry("outcome", "ACCEPTED")
                .containsEntry("message", "throttling");
        assertThat(instant(command(deviceId, "c1").get("answered_at"))).isEqualTo(T0.plusSeconds(35));
        assertThat(command(deviceId, "c2")).containsEntry("status", "TIMED_OUT").containsEntry("attempts", 3);
        assertThat(instant(command(deviceId, "c2").get("answered_at"))).isEqualTo(T0.plusSeconds(90));

        topic.publish(envelope(deviceId, 6, new DeviceCommandAcknowledgedEvent(deviceId, "c1",
                CommandOutcome.COMPLETED, "done", deviceId, T0.plusSeconds(40))));
        untilSequence(jdbc, deviceId, 6);

        assertThat(command(deviceId, "c1")).containsEntry("status", "COMPLETED").containsEntry("message", "done");
    }

    @Test
    void redeliveredAndReplayedCommandEventsLeaveTheCommandsExactlyUnchanged() {
        String deviceId = newDeviceId();
        List<EventEnvelope> history = List.of(
                envelope(deviceId, 0, registered(deviceId)),
                envelope(deviceId, 1, issued(deviceId, "c1", T0)),
                envelope(deviceId, 2, new DeviceCommandAcknowledgedEvent(deviceId, "c1", CommandOutcome.FAILED,
                        "no disk", deviceId, T0.plusSeconds(5))));
        int partition = history.stream().mapToInt(topic::publish).max().orElseThrow();
        untilSequence(jdbc, deviceId, 2);
        List<Map<String, Object>> before = commands(deviceId);

        history.forEach(topic::publish);
        topic.publish(envelope(deviceId, 1, new DeviceCommandTimedOutEvent(deviceId, "c1", 3, T0)));
        topic.publish(envelope(deviceId, 2, issued(deviceId, "c9", T0)));
        untilConsumed(jdbc, topic, partition);

        assertThat(commands(deviceId)).isEqualTo(before).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("status", "FAILED"));
    }

    private static DeviceCommandIssuedEvent issued(String deviceId, String commandId, Instant at) {
        return new DeviceCommandIssuedEvent(deviceId, commandId, "THROTTLE", Map.of("percent", 50), "op-1", "a1", at);
    }

    private Map<String, Object> command(String deviceId, String commandId) {
        return jdbc.queryForMap("select * from device_command where device_id = ? and command_id = ?", deviceId,
                commandId);
    }

    private List<Map<String, Object>> commands(String deviceId) {
        return jdbc.queryForList("select * from device_command where device_id = ? order by command_id", deviceId);
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) timestamp).toInstant();
    }

    private static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }
}
