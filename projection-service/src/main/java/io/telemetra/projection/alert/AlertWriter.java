package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;
import io.telemetra.api.query.AlertView;
import io.telemetra.projection.rows.KeyedRowWriter;
import io.telemetra.projection.rows.RowKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.telemetra.projection.rows.Timestamps.instant;
import static io.telemetra.projection.rows.Timestamps.setInstant;

/** The SQL of the {@code alert} table: one read and one upsert batch per poll, and the devices' open-alert counts. */
@Repository
class AlertWriter extends KeyedRowWriter<AlertRow> {

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
        super(jdbc, FIND, UPSERT);
        this.jdbc = jdbc;
    }

    void recountOpenAlerts(List<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        jdbc.update(RECOUNT, ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())));
    }

    @Override
    protected AlertRow row(ResultSet rs) throws SQLException {
        return new AlertRow(new AlertView(rs.getString("alert_id"), rs.getString("device_id"), rs.getString("metric"),
                AlertKind.valueOf(rs.getString("kind")), Severity.valueOf(rs.getString("severity")),
                AlertState.valueOf(rs.getString("state")), rs.getDouble("value"), rs.getString("detail"),
                instant(rs, "raised_at"), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"),
                instant(rs, "escalated_at"), rs.getString("escalation_reason"), instant(rs, "resolved_at"),
                instant(rs, "updated_at")), rs.getLong("sequence_number"));
    }

    @Override
    protected RowKey key(AlertRow row) {
        return new RowKey(row.view().deviceId(), row.view().alertId());
    }

    @Override
    protected void bind(PreparedStatement ps, AlertRow row) throws SQLException {
        AlertView alert = row.view();
        ps.setString(1, alert.deviceId());
        ps.setString(2, alert.alertId());
        ps.setString(3, alert.metric());
        ps.setString(4, alert.kind().name());
        ps.setString(5, alert.severity().name());
        ps.setString(6, alert.state().name());
        ps.setDouble(7, alert.value());
        ps.setString(8, alert.detail());
        setInstant(ps, 9, alert.raisedAt());
        ps.setString(10, alert.acknowledgedBy());
        setInstant(ps, 11, alert.acknowledgedAt());
        setInstant(ps, 12, alert.escalatedAt());
        ps.setString(13, alert.escalationReason());
        setInstant(ps, 14, alert.resolvedAt());
        setInstant(ps, 15, alert.updatedAt());
        ps.setLong(16, row.sequenceNumber());
    }
}
