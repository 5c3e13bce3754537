package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.alert.AlertView;
import io.telemetra.api.device.Severity;

import java.time.Instant;

/**
 * One row of the {@code alert} table: an {@link AlertView} and the sequence of the last event applied to it. How each
 * event changes it is {@link AlertView#after}'s, shared with the live stream.
 *
 * @param updatedAt      the time of the last change, taken from the event
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record AlertRow(String deviceId, String alertId, String metric, AlertKind kind, Severity severity, AlertState state,
                double value, String detail, Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt,
                Instant escalatedAt, String escalationReason, Instant resolvedAt, Instant updatedAt,
                long sequenceNumber) {

    static AlertRow raised(AlertRaisedEvent event, long sequenceNumber) {
        return of(AlertView.raised(event), sequenceNumber);
    }

    /** This row after one of its change events (not its raise); a resolved alert only records the sequence. */
    AlertRow after(Object event, long sequence) {
        return of(view().after(event), sequence);
    }

    private AlertView view() {
        return new AlertView(alertId, deviceId, metric, kind, severity, state, value, detail, raisedAt, acknowledgedBy,
                acknowledgedAt, escalatedAt, escalationReason, resolvedAt, updatedAt);
    }

    private static AlertRow of(AlertView view, long sequenceNumber) {
        return new AlertRow(view.deviceId(), view.alertId(), view.metric(), view.kind(), view.severity(), view.state(),
                view.value(), view.detail(), view.raisedAt(), view.acknowledgedBy(), view.acknowledgedAt(),
                view.escalatedAt(), view.escalationReason(), view.resolvedAt(), view.updatedAt(), sequenceNumber);
    }
}
