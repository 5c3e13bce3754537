package io.telemetra.projection.devicecommand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.kafka.WireFormat;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of the {@code device_command} table: one read and one upsert batch per poll. */
@Repository
class DeviceCommandWriter {

    private static final String COLUMNS = """
            device_id, command_id, type, parameters, status, issued_by, issued_at, alert_id, attempts, outcome, message,
            answered_at, sequence_number""";

    private static final String FIND = "select " + COLUMNS + """
             from device_command
            where (device_id, command_id) in (select * from unnest(?::text[], ?::text[]))""";

    private static final String UPSERT = "insert into device_command as c (" + COLUMNS + """
            ) values (?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, command_id) do update
            set status = excluded.status,
                attempts = excluded.attempts,
                outcome = excluded.outcome,
                message = excluded.message,
                answered_at = excluded.answered_at,
                sequence_number = excluded.sequence_number
            where c.sequence_number < excluded.sequence_number""";

    private static final TypeReference<LinkedHashMap<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper = WireFormat.objectMapper();

    DeviceCommandWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<DeviceCommandProjection.Key, DeviceCommandRow> find(Collection<DeviceCommandProjection.Key> keys) {
        String[] deviceIds = keys.stream().map(DeviceCommandProjection.Key::deviceId).toArray(String[]::new);
        String[] commandIds = keys.stream().map(DeviceCommandProjection.Key::commandId).toArray(String[]::new);
        Map<DeviceCommandProjection.Key, DeviceCommandRow> rows = new HashMap<>();
        jdbc.query(FIND, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds));
            ps.setArray(2, ps.getConnection().createArrayOf("text", commandIds));
        }, rs -> {
            DeviceCommandRow row = row(rs);
            rows.put(new DeviceCommandProjection.Key(row.deviceId(), row.commandId()), row);
        });
        return rows;
    }

    void upsert(List<DeviceCommandRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT, rows, rows.size(), (ps, row) -> {
            ps.setString(1, row.deviceId());
            ps.setString(2, row.commandId());
            ps.setString(3, row.type());
            ps.setString(4, json(row.parameters()));
            ps.setString(5, row.status().name());
            ps.setString(6, row.issuedBy());
            setInstant(ps, 7, row.issuedAt());
            ps.setString(8, row.alertId());
            ps.setInt(9, row.attempts());
            ps.setString(10, row.outcome() == null ? null : row.outcome().name());
            ps.setString(11, row.message());
            setInstant(ps, 12, row.answeredAt());
            ps.setLong(13, row.sequenceNumber());
        });
    }

    private DeviceCommandRow row(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new DeviceCommandRow(rs.getString("device_id"), rs.getString("command_id"), rs.getString("type"),
                parameters(rs.getString("parameters")), DeviceCommandStatus.valueOf(rs.getString("status")),
                rs.getString("issued_by"), instant(rs, "issued_at"), rs.getString("alert_id"), rs.getInt("attempts"),
                outcome == null ? null : CommandOutcome.valueOf(outcome), rs.getString("message"),
                instant(rs, "answered_at"), rs.getLong("sequence_number"));
    }

    private Map<String, Object> parameters(String json) {
        try {
            return mapper.readValue(json, PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device_command.parameters is not a JSON object", e);
        }
    }

    private String json(Map<String, Object> parameters) {
        try {
            return mapper.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command parameters do not serialise: " + e.getOriginalMessage(), e);
        }
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
