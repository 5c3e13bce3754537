package io.telemetra.command.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.telemetra.command.scheduling.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Delivers escalation notifications: the db-scheduler task {@value #TASK_NAME}, one instance per alert. A delivery is
 * a row of {@code scheduled_tasks} until the webhook answers 2xx, so it survives restarts; a failed attempt (no
 * connection, timeout, non-2xx answer) is tried again after a doubling back-off, and after
 * {@code telemetra.escalation.max-attempts} the notification is recorded FAILED and logged at ERROR.
 * <p>
 * The body is JSON: {@code alertId, deviceId, reason, escalatedAt, correlationId, attempt} and a {@code text} line
 * that chat webhooks (Slack, Mattermost) show as is. {@code Idempotency-Key} carries the alert id: a delivery cut off
 * between the webhook's answer and its recording is sent again.
 */
class EscalationWebhook {

    static final String TASK_NAME = "escalation-webhook";
    private static final Logger log = LoggerFactory.getLogger(EscalationWebhook.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final EscalationProperties properties;
    private final EscalationNotifications notifications;
    private final NotificationMetrics metrics;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Backoff backoff;

    EscalationWebhook(EscalationProperties properties, EscalationNotifications notifications,
                      NotificationMetrics metrics, HttpClient http, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.notifications = notifications;
        this.metrics = metrics;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.backoff = new Backoff(properties.retryInitial(), properties.retryMax());
    }

    static TaskInstance<Void> delivery(String alertId) {
        return new TaskInstance<>(TASK_NAME, alertId);
    }

    Task<Void> task() {
        return Tasks.oneTime(TASK_NAME)
                .onFailure(this::onFailure)
                .execute((instance, context) -> deliver(instance.getId()));
    }

    /** One attempt; throws when it failed, for db-scheduler to call {@link #onFailure}. */
    void deliver(String alertId) {
        Optional<EscalationNotification> found = notifications.find(alertId);
        if (found.isEmpty() || found.get().status() != NotificationStatus.PENDING) {
            log.warn("Escalation notification of alert {} is not pending ({}): not sent again", alertId,
                    found.map(notification -> notification.status().name()).orElse("no record"));
            return;
        }
        EscalationNotification notification = found.get();
        if (!properties.enabled()) {
            log.warn("Escalation of alert {} on device {} not notified: telemetra.escalation.webhook-url was emptied "
                    + "since it was escalated (recorded SKIPPED)", alertId, notification.deviceId());
            notifications.finished(alertId, NotificationStatus.SKIPPED, clock.instant());
            metrics.finished(NotificationStatus.SKIPPED);
            return;
        }
        int attempt = notification.attempts() + 1;
        String error = post(notification, attempt);
        Instant now = clock.instant();
        if (error == null) {
            notifications.delivered(alertId, attempt, now);
            metrics.finished(NotificationStatus.DELIVERED);
            log.info("Escalation of alert {} on device {} delivered to the webhook (attempt {})", alertId,
                    notification.deviceId(), attempt);
            return;
        }
        notifications.attemptFailed(alertId, attempt, error, now);
        metrics.attemptFailed();
        throw new WebhookDeliveryException("escalation of alert " + alertId + ", attempt " + attempt + ": " + error);
    }

    /** @return null when the webhook answered 2xx, otherwise what went wrong */
    private String post(EscalationNotification notification, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(properties.webhookUri())
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", notification.alertId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(notification, attempt)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return null;
            }
            String body = response.body().isBlank() ? "" : ": " + response.body().strip();
            return truncate("HTTP " + response.statusCode() + body);
        } catch (IOException e) {
            return truncate(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private byte[] body(EscalationNotification notification, int attempt) {
        WebhookNotification body = new WebhookNotification("AlertEscalated", notification.alertId(),
                notification.deviceId(), notification.reason(), notification.escalatedAt(),
                notification.correlationId(), attempt, "Telemetra: alert %s on device %s escalated: %s".formatted(
                notification.alertId(), notification.deviceId(), notification.reason()));
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("escalation of alert " + notification.alertId() + " is not serializable", e);
        }
    }

    private void onFailure(ExecutionComplete failed, ExecutionOperations<Void> operations) {
        String alertId = failed.getExecution().taskInstance.getId();
        int attempts = failed.getExecution().consecutiveFailures + 1;
        String cause = failed.getCause().map(Throwable::getMessage).orElse("unknown failure");
        if (attempts < properties.maxAttempts()) {
            Instant nextTry = backoff.nextTry(failed);
            log.warn("Escalation webhook failed ({} of {} attempts), next at {}: {}", attempts,
                    properties.maxAttempts(), nextTry, cause);
            operations.reschedule(failed, nextTry);
            return;
        }
        notifications.finished(alertId, NotificationStatus.FAILED, clock.instant());
        metrics.finished(NotificationStatus.FAILED);
        log.error("Escalation of alert {} could not be delivered to the webhook after {} attempts, recorded FAILED "
                + "in escalation_notification; nobody was notified: {}", alertId, attempts, cause);
        operations.stop();
    }

    /** The JSON body of a notification. */
    record WebhookNotification(String event, String alertId, String deviceId, String reason, Instant escalatedAt,
                               String correlationId, int attempt, String text) {
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH) + "...";
    }

    static final class WebhookDeliveryException extends RuntimeException {

        WebhookDeliveryException(String message) {
            super(message);
        }
    }
}
