package io.telemetra.command.escalation;

import io.telemetra.api.alert.AlertEscalatedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The {@code escalation_notification} table: one row per escalated alert, written in the caller's transaction. */
@Component
class EscalationNotifications {

    private final JdbcTemplate jdbc;

    EscalationNotifications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the alert's escalation is recorded already (a redelivered event) */
    boolean record(AlertEscalatedEvent escalation, String correlationId, NotificationStatus status, Instant now) {
        return jdbc.update("""
                        insert into escalation_notification (alert_id, device_id, reason, escalated_at, correlation_id,
                                                             status, recorded_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (alert_id) do nothing""",
                escalation.alertId(), escalation.deviceId(), escalation.reason(),
                Timestamp.from(escalation.escalatedAt()), correlationId, status.name(), Timestamp.from(now),
                Timestamp.from(now)) == 1;
    }

    Optional<EscalationNotification> find(String alertId) {
        return jdbc.query("""
                        select alert_id, device_id, reason, escalated_at, correlation_id, status, attempts
                        from escalation_notification where alert_id = ?""",
                (row, index) -> new EscalationNotification(row.getString("alert_id"), row.getString("device_id"),
                        row.getString("reason"), row.getTimestamp("escalated_at").toInstant(),
                        row.getString("correlation_id"), NotificationStatus.valueOf(row.getString("status")),
                        row.getInt("attempts")),
                alertId).stream().findFirst();
    }

    void delivered(String alertId, int attempts, Instant now) {
        jdbc.update("""
                        update escalation_notification
                        set status = 'DELIVERED', attempts = ?, last_error = null, updated_at = ?, delivered_at = ?
                        where alert_id = ?""",
                attempts, Timestamp.from(now), Timestamp.from(now), alertId);
    }

    void attemptFailed(String alertId, int attempts, String error, Instant now) {
        jdbc.update("""
                        update escalation_notification set attempts = ?, last_error = ?, updated_at = ?
                        where alert_id = ?""",
                attempts, error, Timestamp.from(now), alertId);
    }

    void finished(String alertId, NotificationStatus status, Instant now) {
        jdbc.update("update escalation_notification set status = ?, updated_at = ? where alert_id = ?",
                status.name(), Timestamp.from(now), alertId);
    }
}
