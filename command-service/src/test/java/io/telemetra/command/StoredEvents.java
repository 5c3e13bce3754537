package io.telemetra.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/** A device's events as the event store holds them, for integration tests to check what a request stored. */
public final class StoredEvents {

    private final JdbcTemplate jdbc;

    public StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Simple class names of the device's event payloads, in stream order. */
    public List<String> types(String deviceId) {
        return jdbc.queryForList("""
                        select payload_type from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number""", String.class, deviceId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }

    /** The payloads of the device's events of one type (simple class name), in stream order. */
    public List<JsonNode> payloads(String deviceId, String type) {
        return jdbc.queryForList("""
                        select convert_from(payload, 'UTF8') from domain_event_entry
                        where aggregate_identifier = ? and payload_type like ? order by sequence_number""",
                String.class, deviceId, "%." + type).stream()
                .map(CommandServiceTestBase::json)
                .toList();
    }

    /** The payload of the device's latest event of one type (simple class name). */
    public JsonNode lastPayload(String deviceId, String type) {
        List<JsonNode> payloads = payloads(deviceId, type);
        return payloads.get(payloads.size() - 1);
    }
}
