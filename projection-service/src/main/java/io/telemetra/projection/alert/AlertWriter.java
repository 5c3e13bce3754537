package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the {@code alert} table: one read and one upsert batch per poll, and the devices' open-alert counts. */
@Repository
class AlertWriter {

    private static final String COLUMNS = """
            device_id, alert_id, metric, kind, severity, state, value, detail, raised_at, acknowledged_by,
            acknowledged_at, escalated_at, escalation_reason, resolved_at, updated_at, sequence_number""";

    private static final String FIND = "select " + COLUMNS + """
             from alert
            where (device_id, alert_id) in (select * from unnest(?::text[], ?::text[]))""";

    // The sequence guard makes a write of an older state a no-op, whoever wrote the newer one.
    private static final String UPSERT = "insert into alert as a (" + COLUMNS + """
            ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, alert_id) do update
            set state = excluded.state,
                acknowledged_by = excluded.acknowledged_by,
                acknowledged_at = excluded.acknowledged_at,
                escalated_at = excluded.escalated_at,
                escalation_reason = excluded.escalation_reason,
                resolved_at = excluded.resolved_at,
                updated_at = excluded.updated_at,
                sequence_number = excluded.sequence_number
            where a.sequence_number < excluded.sequence_number""";

    // Counted, not incremented: the count is right whatever was applied before, and a rebuild gets the same figure.
    private static final String RECOUNT = """
            update device d
            set open_alerts = c.open
            from (select device_id, count(*) filter (where state <> 'RESOLVED') as open
                  from alert where device_id = any(?) group by device_id) c
            where d.device_id = c.device_id and d.open_alerts <> c.open""";

    private final JdbcTemplate jdbc;

    AlertWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<AlertProjection.Key, AlertRow> find(Collection<AlertProjection.Key> keys) {
        String[] deviceIds = keys.stream().map(AlertProjection.Key::deviceId).toArray(String[]::new);
        String[] alertIds = keys.stream().map(AlertProjection.Key::alertId).toArray(String[]::new);
        Map<AlertProjection.Key, AlertRow> rows = new HashMap<>();
        jdbc.query(FIND, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds));
            ps.setArray(2, ps.getConnection().createArrayOf("text", alertIds));
        }, rs -> {
            AlertRow row = row(rs);
            rows.put(new AlertProjection.Key(row.deviceId(), row.alertId()), row);
        });
        return rows;
    }

    void upsert(List<AlertRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.deviceId());
            ps.setString(2, row.alertId());
            ps.setString(3, row.metric());
            ps.setString(4, row.kind().name());
            ps.setString(5, row.severity().name());
            ps.setString(6, row.state().name());
            ps.setDouble(7, row.value());
            ps.setString(8, row.detail());
            setInstant(ps, 9, row.raisedAt());
            ps.setString(10, row.acknowledgedBy());
            setInstant(ps, 11, row.acknowledgedAt());
            setInstant(ps, 12, row.escalatedAt());
            ps.setString(13, row.escalationReason());
            setInstant(ps, 14, row.resolvedAt());
            setInstant(ps, 15, row.updatedAt());
            ps.setLong(16, row.sequenceNumber());
        });
    }

    void recountOpenAlerts(List<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        jdbc.update(RECOUNT, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())));
    }

    private static AlertRow row(ResultSet rs) throws SQLException {
        return new AlertRow(rs.getString("device_id"), rs.getString("alert_id"), rs.getString("metric"),
                AlertKind.valueOf(rs.getString("kind")), Severity.valueOf(rs.getString("severity")),
                AlertState.valueOf(rs.getString("state")), rs.getDouble("value"), rs.getString("detail"),
                instant(rs, "raised_at"), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"),
                instant(rs, "escalated_at"), rs.getString("escalation_reason"), instant(rs, "resolved_at"),
                instant(rs, "updated_at"), rs.getLong("sequence_number"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
