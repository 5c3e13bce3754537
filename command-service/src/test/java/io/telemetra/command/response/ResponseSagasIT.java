package io.telemetra.command.response;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.IntegrationTestBase;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The sagas over the real saga store and db-scheduler: state, associations and deadlines are rows. */
class ResponseSagasIT extends IntegrationTestBase {

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private ResponseProperties responses;

    @Test
    void anIssuedCommandAwaitsItsAnswerWithAStoredDeadlineThatTheAnswerRemoves() {
        String deviceId = newDeviceId();
        String commandId = UUID.randomUUID().toString();
        register(deviceId);
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        DeviceStreams.append(eventStore, deviceCache, deviceId,
                new DeviceCommandIssuedEvent(deviceId, commandId, "REBOOT", Map.of(), "operator-1", null, issuedAt));

        String deadlineId = awaitSagaField(DeviceCommandSaga.COMMAND_ID, commandId, "ackDeadlineId");
        // Scheduled by the saga between the issue and now.
        assertThat(deadlineExecutionTime(deadlineId))
                .isBetween(issuedAt.plus(responses.ackTimeout()), Instant.now().plus(responses.ackTimeout()));

        DeviceStreams.append(eventStore, deviceCache, deviceId, new DeviceCommandAcknowledgedEvent(
                deviceId, commandId, CommandOutcome.COMPLETED, null, "device:" + deviceId, Instant.now()));

        awaitSagaEnded(DeviceCommandSaga.COMMAND_ID, commandId);
        assertThat(deadlines(deadlineId)).isEmpty();
    }

    @Test
    void anAlertWithoutResponseWaitsForAnOperatorUntilItResolves() {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        register(deviceId);
        Instant raisedAt = Instant.now();

        DeviceStreams.append(eventStore, deviceCache, deviceId, new AlertRaisedEvent(deviceId, alertId, "temperature",
                AlertKind.THRESHOLD_HIGH, Severity.WARNING, 85.0, raisedAt,
                new ThresholdRule("temperature", null, 80.0, 1.0, Severity.WARNING), "temperature 85.0 above max 80.0",
                raisedAt));

        String deadlineId = awaitSagaField(AlertResponseSaga.ALERT_ID, alertId, "escalationDeadlineId");
        assertThat(deadlineExecutionTime(deadlineId))
                .isCloseTo(raisedAt.plus(Duration.ofMinutes(15)), within(Duration.ofSeconds(15)));

        DeviceStreams.append(eventStore, deviceCache, deviceId,
                new AlertResolvedEvent(deviceId, alertId, 78.0, "back to normal", Instant.now()));

        awaitSagaEnded(AlertResponseSaga.ALERT_ID, alertId);
        assertThat(deadlines(deadlineId)).isEmpty();
    }

    @Test
    void prometheusExposesSagaCommandAndEscalationMetrics() {
        String metrics = http.getForEntity("/actuator/prometheus", String.class).getBody();

        assertThat(metrics).contains("telemetra_sagas_active{saga=\"DeviceCommandSaga\"}",
                "telemetra_sagas_active{saga=\"AlertResponseSaga\"}", "telemetra_device_commands_redelivered_total",
                "telemetra_device_commands_timed_out_total", "telemetra_escalation_webhook_failed_attempts_total");
    }

    /** A field of the saga's stored state (JSON), once the saga associated with the value exists. */
    private String awaitSagaField(String associationKey, String associationValue, String field) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList("""
                        select convert_from(s.serialized_saga, 'UTF8')::jsonb ->> ? from saga_entry s
                        join association_value_entry a on a.saga_id = s.saga_id
                        where a.association_key = ? and a.association_value = ?""",
                String.class, field, associationKey, associationValue), found -> found.size() == 1)
                .get(0);
    }

    private void awaitSagaEnded(String associationKey, String associationValue) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                select count(*) from association_value_entry where association_key = ? and association_value = ?""",
                Long.class, associationKey, associationValue) == 0);
    }

    private Instant deadlineExecutionTime(String deadlineId) {
        List<Timestamp> times = deadlines(deadlineId);
        assertThat(times).hasSize(1);
        return times.get(0).toInstant();
    }

    private List<Timestamp> deadlines(String deadlineId) {
        return jdbc.queryForList("""
                select execution_time from scheduled_tasks where task_name = 'AxonDeadline' and task_instance = ?""",
                Timestamp.class, deadlineId);
    }
}
