package io.telemetra.command.escalation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.metrics.OnCommit;
import org.springframework.stereotype.Component;

/** Escalation notifications by final outcome, and the webhook attempts that failed on the way. */
@Component
class NotificationMetrics {

    private final MeterRegistry registry;
    private final Counter failedAttempts;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.failedAttempts = Counter.builder("telemetra.escalation.webhook.failed-attempts")
                .description("Webhook POSTs that failed (a later attempt may still deliver the notification)")
                .register(registry);
    }

    /** Counted when the recording commits, when there is a unit of work: a retried batch counts once. */
    void finished(NotificationStatus outcome) {
        Runnable count = () -> Counter.builder("telemetra.escalation.notifications")
                .description("Escalation notifications by outcome: DELIVERED, FAILED after the last attempt, SKIPPED")
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
        OnCommit.count(count);
    }

    void attemptFailed() {
        failedAttempts.increment();
    }
}
