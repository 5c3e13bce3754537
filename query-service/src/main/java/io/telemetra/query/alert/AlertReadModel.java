package io.telemetra.query.alert;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import io.telemetra.query.live.StoredView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.telemetra.query.jdbc.Timestamps.instant;

/** Reads the {@code alert} table that projection-service maintains. */
@Repository
class AlertReadModel {

    private static final String COLUMNS = """
            alert_id, device_id, metric, kind, severity, state, value, detail, raised_at, acknowledged_by,
            acknowledged_at, escalated_at, escalation_reason, resolved_at, updated_at, sequence_number""";

    private static final RowMapper<AlertView> VIEW = (rs, i) -> view(rs);

    private final JdbcTemplate jdbc;

    AlertReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first; the page and its total from one snapshot. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page<AlertView> findAlerts(AlertListQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (!query.states().isEmpty()) {
            conditions.add("state = any(?)");
            parameters.add(query.states().stream().map(Enum::name).toArray(String[]::new));
        }
        if (query.deviceId() != null) {
            conditions.add("device_id = ?");
            parameters.add(query.deviceId());
        }
        if (!query.severities().isEmpty()) {
            conditions.add("severity = any(?)");
            parameters.add(query.severities().stream().map(Enum::name).toArray(String[]::new));
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        Long total = jdbc.queryForObject("select count(*) from alert" + where, Long.class, parameters.toArray());
        parameters.add(query.page().size());
        parameters.add(query.page().offset());
        List<AlertView> alerts = jdbc.query("select " + COLUMNS + " from alert" + where
                + " order by raised_at desc, device_id, alert_id limit ? offset ?", VIEW, parameters.toArray());
        return new Page<>(alerts, PageMetadata.of(query.page().number(), query.page().size(),
                total == null ? 0 : total));
    }

    Optional<StoredView<AlertView>> find(String deviceId, String alertId) {
        return jdbc.query("select " + COLUMNS + " from alert where device_id = ? and alert_id = ?",
                (rs, i) -> new StoredView<>(view(rs), rs.getLong("sequence_number")), deviceId, alertId)
                .stream().findFirst();
    }

    private static AlertView view(ResultSet rs) throws SQLException {
        return new AlertView(rs.getString("alert_id"), rs.getString("device_id"), rs.getString("metric"),
                AlertKind.valueOf(rs.getString("kind")), Severity.valueOf(rs.getString("severity")),
                AlertState.valueOf(rs.getString("state")), rs.getDouble("value"), rs.getString("detail"),
                instant(rs, "raised_at"), rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"),
                instant(rs, "escalated_at"), rs.getString("escalation_reason"), instant(rs, "resolved_at"),
                instant(rs, "updated_at"));
    }
}
