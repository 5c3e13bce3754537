package io.telemetra.command.escalation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.kafka.EventMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Turns each escalation into a notification of the on-call webhook. The handler only records it and schedules its
 * delivery, in the processor's transaction (db-scheduler writes through the same connection): the row, the delivery
 * and the token commit together. A redelivered event finds the row and schedules nothing; the delivery itself, with
 * its retries, is {@link EscalationWebhook}'s.
 */
@Component
@ProcessingGroup(EscalationNotifier.PROCESSING_GROUP)
class EscalationNotifier {

    static final String PROCESSING_GROUP = "escalation-notifier";
    private static final Logger log = LoggerFactory.getLogger(EscalationNotifier.class);

    private final EscalationProperties properties;
    private final EscalationNotifications notifications;
    private final SchedulerClient scheduler;
    private final NotificationMetrics metrics;
    private final Clock clock;

    EscalationNotifier(EscalationProperties properties, EscalationNotifications notifications,
                       SchedulerClient scheduler, NotificationMetrics metrics, Clock clock) {
        this.properties = properties;
        this.notifications = notifications;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.clock = clock;
        if (properties.enabled()) {
            log.info("Escalations are notified to the webhook on {} (telemetra.escalation.webhook-url)",
                    properties.webhookUri().getHost());
        } else {
            log.warn("No escalation webhook: telemetra.escalation.webhook-url is empty. Escalations notify nobody; "
                    + "each is recorded SKIPPED in escalation_notification");
        }
    }

    @EventHandler
    void on(AlertEscalatedEvent escalation, @MetaDataValue(EventMetadata.CORRELATION_ID) String correlationId) {
        Instant now = clock.instant();
        if (!properties.enabled()) {
            if (notifications.record(escalation, correlationId, NotificationStatus.SKIPPED, now)) {
                log.info("Escalation of alert {} on device {} not notified: no webhook configured (recorded SKIPPED)",
                        escalation.alertId(), escalation.deviceId());
                metrics.finished(NotificationStatus.SKIPPED);
            }
            return;
        }
        if (notifications.record(escalation, correlationId, NotificationStatus.PENDING, now)) {
            scheduler.scheduleIfNotExists(EscalationWebhook.delivery(escalation.alertId()), now);
        }
    }
}
