package io.telemetra.command.escalation;

import java.time.Instant;

/** A row of {@code escalation_notification}: an escalation and what became of its notification so far. */
record EscalationNotification(
        String alertId,
        String deviceId,
        String reason,
        Instant escalatedAt,
        String correlationId,
        NotificationStatus status,
        int attempts) {
}
