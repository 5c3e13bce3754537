package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.Severity;
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
class AlertProjectionIT {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAlertGoesThroughItsLifecycleAndItsDeviceCountsItUntilItIsResolved() {
        String deviceId = newDeviceId();
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, raised(deviceId, "a1", "temperature", Severity.CRITICAL, T0)));
        topic.publish(envelope(deviceId, 2, raised(deviceId, "a2", "humidity", Severity.WARNING, T0.plusSeconds(5))));
        untilSequence(jdbc, deviceId, 2);

        assertThat(openAlerts(deviceId)).isEqualTo(2);
        assertThat(alert(deviceId, "a1")).containsEntry("state", "OPEN")
                .containsEntry("metric", "temperature")
                .containsEntry("kind", "THRESHOLD_HIGH")
                .containsEntry("severity", "CRITICAL")
                .containsEntry("value", 92.5)
                .containsEntry("detail", "temperature 92.5 above max 80.0")
                .containsEntry("acknowledged_by", null)
                .containsEntry("sequence_number", 1L);
        assertThat(instant(alert(deviceId, "a1").get("raised_at"))).isEqualTo(T0);

        topic.publish(envelope(deviceId, 3, new AlertEscalatedEvent(deviceId, "a1", "nobody answered",
                T0.plusSeconds(60))));
        topic.publish(envelope(deviceId, 4, new AlertAcknowledgedEvent(deviceId, "a1", "op-1", "on it",
                T0.plusSeconds(90))));
        untilSequence(jdbc, deviceId, 4);

        Map<String, Object> acknowledged = alert(deviceId, "a1");
        assertThat(acknowledged).containsEntry("state", "ACKNOWLEDGED")
                .containsEntry("acknowledged_by", "op-1")
                .containsEntry("escalation_reason", "nobody answered");
        assertThat(instant(acknowledged.get("acknowledged_at"))).isEqualTo(T0.plusSeconds(90));
        assertThat(instant(acknowledged.get("escalated_at"))).isEqualTo(T0.plusSeconds(60));
        assertThat(openAlerts(deviceId)).isEqualTo(2);

        topic.publish(envelope(deviceId, 5, new AlertResolvedEvent(deviceId, "a1", 70.0, "back to normal",
                T0.plusSeconds(300))));
        untilSequence(jdbc, deviceId, 5);

        assertThat(alert(deviceId, "a1")).containsEntry("state", "RESOLVED");
        assertThat(instant(alert(deviceId, "a1").get("resolved_at"))).isEqualTo(T0.plusSeconds(300));
        assertThat(instant(alert(deviceId, "a1").get("updated_at"))).isEqualTo(T0.plusSeconds(300));
        assertThat(alert(deviceId, "a2")).containsEntry("state", "OPEN");
        assertThat(openAlerts(deviceId)).isEqualTo(1);
    }

    @Test
    void redeliveredAndReplayedAlertEventsLeaveTheAlertsAndTheCountExactlyUnchanged() {
        String deviceId = newDeviceId();
        List<EventEnvelope> history = List.of(
                envelope(deviceId, 0, registered(deviceId)),
                envelope(deviceId, 1, raised(deviceId, "a1", "temperature", Severity.CRITICAL, T0)),
                envelope(deviceId, 2, new AlertAcknowledgedEvent(deviceId, "a1", "op-1", null, T0.plusSeconds(10))),
                envelope(deviceId, 3, raised(deviceId, "a2", "humidity", Severity.INFO, T0.plusSeconds(20))),
                envelope(deviceId, 4, new AlertResolvedEvent(deviceId, "a2", 40.0, "normal", T0.plusSeconds(30))));
        int partition = history.stream().mapToInt(topic::publish).max().orElseThrow();
        untilSequence(jdbc, deviceId, 4);
        List<Map<String, Object>> before = alerts(deviceId);

        history.forEach(topic::publish);
        // Old sequence numbers carrying other content: only the sequence says they are replays.
        topic.publish(envelope(deviceId, 2, new AlertResolvedEvent(deviceId, "a1", 1.0, "replay", T0)));
        topic.publish(envelope(deviceId, 3, raised(deviceId, "a3", "pressure", Severity.CRITICAL, T0)));
        untilConsumed(jdbc, topic, partition);

        assertThat(alerts(deviceId)).isEqualTo(before).hasSize(2);
        assertThat(openAlerts(deviceId)).isEqualTo(1);
    }

    static AlertRaisedEvent raised(String deviceId, String alertId, String metric, Severity severity, Instant at) {
        return new AlertRaisedEvent(deviceId, alertId, metric, AlertKind.THRESHOLD_HIGH, severity, 92.5,
                at.minusSeconds(1), null, metric + " 92.5 above max 80.0", at);
    }

    private int openAlerts(String deviceId) {
        return jdbc.queryForObject("select open_alerts from device where device_id = ?", Integer.class, deviceId);
    }

    private Map<String, Object> alert(String deviceId, String alertId) {
        return jdbc.queryForMap("select * from alert where device_id = ? and alert_id = ?", deviceId, alertId);
    }

    private List<Map<String, Object>> alerts(String deviceId) {
        return jdbc.queryForList("select * from alert where device_id = ? order by alert_id", deviceId);
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) timestamp).toInstant();
    }

    private static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }
}
