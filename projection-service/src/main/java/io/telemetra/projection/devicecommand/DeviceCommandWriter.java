package io.telemetra.projection.devicecommand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.query.DeviceCommandView;
import io.telemetra.projection.rows.KeyedRowWriter;
import io.telemetra.projection.rows.RowKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.telemetra.projection.rows.Timestamps.instant;
import static io.telemetra.projection.rows.Timestamps.setInstant;

/** The SQL of the {@code device_command} table: one read and one upsert batch per poll. */
@Repository
class DeviceCommandWriter extends KeyedRowWriter<DeviceCommandRow> {

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

    private final ObjectMapper mapper = WireFormat.objectMapper();

    DeviceCommandWriter(JdbcTemplate jdbc) {
        super(jdbc, FIND, UPSERT);
    }

    @Override
    protected DeviceCommandRow row(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new DeviceCommandRow(new DeviceCommandView(rs.getString("command_id"), rs.getString("device_id"),
                rs.getString("type"), parameters(rs.getString("parameters")),
                DeviceCommandStatus.valueOf(rs.getString("status")), rs.getString("issued_by"),
                instant(rs, "issued_at"), rs.getString("alert_id"), rs.getInt("attempts"),
                outcome == null ? null : CommandOutcome.valueOf(outcome), rs.getString("message"),
                instant(rs, "answered_at")), rs.getLong("sequence_number"));
    }

    @Override
    protected RowKey key(DeviceCommandRow row) {
        return new RowKey(row.view().deviceId(), row.view().commandId());
    }

    @Override
    protected void bind(PreparedStatement ps, DeviceCommandRow row) throws SQLException {
        DeviceCommandView command = row.view();
        ps.setString(1, command.deviceId());
        ps.setString(2, command.commandId());
        ps.setString(3, command.type());
        ps.setString(4, json(command.parameters()));
        ps.setString(5, command.status().name());
        ps.setString(6, command.issuedBy());
        setInstant(ps, 7, command.issuedAt());
        ps.setString(8, command.alertId());
        ps.setInt(9, command.attempts());
        ps.setString(10, command.outcome() == null ? null : command.outcome().name());
        ps.setString(11, command.message());
        setInstant(ps, 12, command.answeredAt());
        ps.setLong(13, row.sequenceNumber());
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
}
