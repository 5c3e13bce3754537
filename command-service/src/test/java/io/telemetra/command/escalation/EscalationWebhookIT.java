package io.telemetra.command.escalation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.escalation.WebhookReceiver.Received;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Escalations reach a real HTTP server (the {@link WebhookReceiver}): 3 attempts, 200 ms back-off, in this context. */
class EscalationWebhookIT extends IntegrationTestBase {

    @Autowired
    private WebhookReceiver webhook;

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private EscalationNotifications notifications;

    @Autowired
    private SchedulerClient scheduler;

    @Autowired
    private MeterRegistry meterRegistry;

    @Autowired
    private Clock clock;

    @Test
    void anEscalationIsPostedAsJsonAndRetriedAfterAServerError() {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        Instant escalatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        webhook.answer(alertId, 500);

        DeviceStreams.append(eventStore, deviceCache, deviceId, new AlertEscalatedEvent(deviceId, alertId,
                "the device did not answer THROTTLE after 3 deliveries", escalatedAt));

        awaitStatus(alertId, "DELIVERED");
        List<Received> requests = webhook.receivedFor(alertId);
        assertThat(requests).hasSize(2);
        Received delivered = requests.get(1);
        assertThat(delivered.contentType()).isEqualTo("application/json");
        assertThat(delivered.idempotencyKey()).isEqualTo(alertId);
        assertThat(delivered.body().path("event").asText()).isEqualTo("AlertEscalated");
        assertThat(delivered.body().path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(delivered.body().path("reason").asText())
                .isEqualTo("the device did not answer THROTTLE after 3 deliveries");
        assertThat(Instant.parse(delivered.body().path("escalatedAt").asText())).isEqualTo(escalatedAt);
        assertThat(delivered.body().path("attempt").asInt()).isEqualTo(2);
        assertThat(delivered.body().path("text").asText()).contains(alertId, deviceId, "THROTTLE");
        assertThat(row(alertId)).containsEntry("attempts", 2).containsEntry("last_error", null);
        assertThat(row(alertId).get("delivered_at")).isNotNull();
    }

    @Test
    void aWebhookThatKeepsFailingIsRecordedFailedAfterTheLastAttempt() {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        webhook.answer(alertId, 500, 503, 500, 500);
        double failedBefore = notificationsCounted("FAILED");

        DeviceStreams.append(eventStore, deviceCache, deviceId,
                new AlertEscalatedEvent(deviceId, alertId, "no operator acknowledged it within 15m", Instant.now()));

        awaitStatus(alertId, "FAILED");
        assertThat(webhook.receivedFor(alertId)).hasSize(3);
        assertThat(row(alertId)).containsEntry("attempts", 3);
        assertThat((String) row(alertId).get("last_error")).startsWith("HTTP 500");
        assertThat(notificationsCounted("FAILED")).isEqualTo(failedBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class,
                alertId)).isZero();
    }

    @Test
    void anEscalationDeliveredAgainIsNotifiedOnce() {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        AlertEscalatedEvent escalation = new AlertEscalatedEvent(deviceId, alertId, "the device answered FAILED",
                Instant.now());

        DeviceStreams.append(eventStore, deviceCache, deviceId, escalation, escalation);

        awaitStatus(alertId, "DELIVERED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> webhook.receivedFor(alertId).size() == 1);
    }

    @Test
    void withoutWebhookAnEscalationIsRecordedSkippedAndSentNowhere() {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        EscalationProperties disabled = new EscalationProperties("", Duration.ofSeconds(1), Duration.ofSeconds(1),
                3, Duration.ofMillis(200), Duration.ofSeconds(1));
        EscalationNotifier notifier = new EscalationNotifier(disabled, notifications, scheduler,
                new NotificationMetrics(meterRegistry), clock);
        double skippedBefore = notificationsCounted("SKIPPED");

        notifier.on(new AlertEscalatedEvent(deviceId, alertId, "no operator acknowledged it", Instant.now()), "c-1");

        assertThat(row(alertId)).containsEntry("status", "SKIPPED").containsEntry("attempts", 0)
                .containsEntry("correlation_id", "c-1");
        assertThat(notificationsCounted("SKIPPED")).isEqualTo(skippedBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class,
                alertId)).isZero();
        assertThat(webhook.receivedFor(alertId)).isEmpty();
    }

    private void awaitStatus(String alertId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select status from escalation_notification where alert_id = ?", String.class, alertId)
                .equals(List.of(status)));
    }

    private Map<String, Object> row(String alertId) {
        return jdbc.queryForMap("select * from escalation_notification where alert_id = ?", alertId);
    }

    private double notificationsCounted(String outcome) {
        return meterRegistry.counter("telemetra.escalation.notifications", "outcome", outcome).count();
    }
}
