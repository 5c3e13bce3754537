package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;

import java.time.Instant;

/**
 * One row of the {@code alert} table, and how each event changes it. RESOLVED is final: the write side never changes a
 * resolved alert, and should an event say otherwise the read model keeps it resolved. An escalated alert that is then
 * acknowledged keeps its escalation time and reason.
 *
 * @param updatedAt      the time of the last change, taken from the event
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record AlertRow(String deviceId, String alertId, String metric, AlertKind kind, Severity severity, AlertState state,
                double value, String detail, Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt,
                Instant escalatedAt, String escalationReason, Instant resolvedAt, Instant updatedAt,
                long sequenceNumber) {

    static AlertRow raised(AlertRaisedEvent event, long sequenceNumber) {
        return new AlertRow(event.deviceId(), event.alertId(), event.metric(), event.kind(), event.severity(),
                AlertState.OPEN, event.value(), event.detail(), event.raisedAt(), null, null, null, null, null,
                event.raisedAt(), sequenceNumber);
    }

    /** This row after one of its change events (not its raise); a resolved alert only records the sequence. */
    AlertRow after(Object event, long sequence) {
        if (state == AlertState.RESOLVED) {
            return withSequence(sequence);
        }
        if (event instanceof AlertAcknowledgedEvent acknowledged) {
            return new AlertRow(deviceId, alertId, metric, kind, severity, AlertState.ACKNOWLEDGED, value, detail,
                    raisedAt, acknowledged.acknowledgedBy(), acknowledged.acknowledgedAt(), escalatedAt,
                    escalationReason, resolvedAt, acknowledged.acknowledgedAt(), sequence);
        }
        if (event instanceof AlertEscalatedEvent escalated) {
            return new AlertRow(deviceId, alertId, metric, kind, severity, AlertState.ESCALATED, value, detail,
                    raisedAt, acknowledgedBy, acknowledgedAt, escalated.escalatedAt(), escalated.reason(), resolvedAt,
                    escalated.escalatedAt(), sequence);
        }
        if (event instanceof AlertResolvedEvent resolved) {
            return new AlertRow(deviceId, alertId, metric, kind, severity, AlertState.RESOLVED, value, detail,
                    raisedAt, acknowledgedBy, acknowledgedAt, escalatedAt, escalationReason, resolved.resolvedAt(),
                    resolved.resolvedAt(), sequence);
        }
        throw new IllegalArgumentException("not an alert change: " + event);
    }

    private AlertRow withSequence(long sequence) {
        return new AlertRow(deviceId, alertId, metric, kind, severity, state, value, detail, raisedAt, acknowledgedBy,
                acknowledgedAt, escalatedAt, escalationReason, resolvedAt, updatedAt, sequence);
    }
}
