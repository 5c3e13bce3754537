package io.telemetra.query.devicecommand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.query.DeviceCommandView;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import io.telemetra.query.live.StoredView;
import io.telemetra.query.web.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.telemetra.query.jdbc.Timestamps.instant;

/** Reads the {@code device_command} table that projection-service maintains. */
@Repository
class DeviceCommandReadModel {

    private static final String COLUMNS = """
            command_id, device_id, type, parameters::text as parameters, status, issued_by, issued_at, alert_id,
            attempts, outcome, message, answered_at, sequence_number""";

    private static final TypeReference<LinkedHashMap<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    DeviceCommandReadModel(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** Newest first; empty when the device is unknown. The page and its total from one snapshot. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Page<DeviceCommandView>> findCommands(String deviceId, PageRequest page) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select exists(select 1 from device where device_id = ?)",
                Boolean.class, deviceId))) {
            return Optional.empty();
        }
        Long total = jdbc.queryForObject("select count(*) from device_command where device_id = ?", Long.class,
                deviceId);
        List<DeviceCommandView> commands = jdbc.query("select " + COLUMNS + " from device_command where device_id = ?"
                        + " order by issued_at desc, command_id desc limit ? offset ?", (rs, i) -> view(rs),
                deviceId, page.size(), page.offset());
        return Optional.of(new Page<>(commands, PageMetadata.of(page.number(), page.size(),
                total == null ? 0 : total)));
    }

    Optional<StoredView<DeviceCommandView>> find(String deviceId, String commandId) {
        return jdbc.query("select " + COLUMNS + " from device_command where device_id = ? and command_id = ?",
                (rs, i) -> new StoredView<>(view(rs), rs.getLong("sequence_number")), deviceId, commandId)
                .stream().findFirst();
    }

    private DeviceCommandView view(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new DeviceCommandView(rs.getString("command_id"), rs.getString("device_id"), rs.getString("type"),
                parameters(rs.getString("parameters")), DeviceCommandStatus.valueOf(rs.getString("status")),
                rs.getString("issued_by"), instant(rs, "issued_at"), rs.getString("alert_id"), rs.getInt("attempts"),
                outcome == null ? null : CommandOutcome.valueOf(outcome), rs.getString("message"),
                instant(rs, "answered_at"));
    }

    private Map<String, Object> parameters(String json) {
        try {
            return mapper.readValue(json, PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device_command.parameters is not a JSON object", e);
        }
    }
}
