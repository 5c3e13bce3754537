package io.telemetra.api.alert;

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
}
