package io.telemetra.api.query;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;

import java.time.Instant;

/**
 * One alert as {@code GET /api/alerts} and the live stream show it.
 *
 * @param value       the reading that raised it
 * @param detail      a sentence for people
 * @param updatedAt   its last change
 */
public record AlertView(
        String alertId,
        String deviceId,
        String metric,
        AlertKind kind,
        Severity severity,
        AlertState state,
        double value,
        String detail,
        Instant raisedAt,
        String acknowledgedBy,
        Instant acknowledgedAt,
        Instant escalatedAt,
        String escalationReason,
        Instant resolvedAt,
        Instant updatedAt) {

    /** The alert as its raise leaves it. */
    public static AlertView raised(AlertRaisedEvent event) {
        return new AlertView(event.alertId(), event.deviceId(), event.metric(), event.kind(), event.severity(),
                AlertState.OPEN, event.value(), event.detail(), event.raisedAt(), null, null, null, null, null,
                event.raisedAt());
    }

    /**
     * This alert after one of its changes (not its raise), as every read model applies it: RESOLVED is final (the
     * write side never changes a resolved alert), and an escalated alert that is then acknowledged keeps its escalation
     * time and reason.
     */
    public AlertView after(Object change) {
        if (state == AlertState.RESOLVED) {
            return this;
        }
        if (change instanceof AlertAcknowledgedEvent e) {
            return new AlertView(alertId, deviceId, metric, kind, severity, AlertState.ACKNOWLEDGED, value, detail,
                    raisedAt, e.acknowledgedBy(), e.acknowledgedAt(), escalatedAt, escalationReason, resolvedAt,
                    e.acknowledgedAt());
        }
        if (change instanceof AlertEscalatedEvent e) {
            return new AlertView(alertId, deviceId, metric, kind, severity, AlertState.ESCALATED, value, detail,
                    raisedAt, acknowledgedBy, acknowledgedAt, e.escalatedAt(), e.reason(), resolvedAt,
                    e.escalatedAt());
        }
        if (change instanceof AlertResolvedEvent e) {
            return new AlertView(alertId, deviceId, metric, kind, severity, AlertState.RESOLVED, value, detail,
                    raisedAt, acknowledgedBy, acknowledgedAt, escalatedAt, escalationReason, e.resolvedAt(),
                    e.resolvedAt());
        }
        throw new IllegalArgumentException("not an alert change: " + change);
    }
}
