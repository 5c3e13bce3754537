package io.telemetra.query.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.query.DeviceView;
import io.telemetra.api.query.LatestReading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the device read model that projection-service maintains. */
@Repository
class DeviceReadModel {

    // One statement, so the device and its latest readings come from the same snapshot.
    private static final String FIND_DEVICE = """
            select d.device_id, d.type, d.name, d.site, d.location_lat, d.location_lon, d.metadata::text as metadata,
                   d.status, d.registered_at, d.last_seen, d.open_alerts,
                   l.metric, l.value, l.unit, l.reading_timestamp
            from device d
            left join device_latest_reading l on l.device_id = d.device_id
            where d.device_id = ?
            order by l.metric""";

    private static final TypeReference<LinkedHashMap<String, String>> METADATA = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    DeviceReadModel(JdbcTemplate jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    Optional<DeviceView> findDevice(String deviceId) {
        return Optional.ofNullable(jdbc.query(FIND_DEVICE, rs -> {
            if (!rs.next()) {
                return null;
            }
            Map<String, LatestReading> latest = new LinkedHashMap<>();
            DeviceView device = device(rs, Collections.unmodifiableMap(latest));
            do {
                String metric = rs.getString("metric");
                if (metric != null) {
                    latest.put(metric, new LatestReading(rs.getDouble("value"), rs.getString("unit"),
                            instant(rs, "reading_timestamp")));
                }
            } while (rs.next());
            return device;
        }, deviceId));
    }

    private DeviceView device(ResultSet rs, Map<String, LatestReading> latest) throws SQLException {
        double lat = rs.getDouble("location_lat");
        GeoLocation location = rs.wasNull() ? null : new GeoLocation(lat, rs.getDouble("location_lon"));
        return new DeviceView(
                rs.getString("device_id"),
                rs.getString("type"),
                rs.getString("name"),
                rs.getString("site"),
                location,
                metadata(rs.getString("metadata")),
                DeviceStatus.valueOf(rs.getString("status")),
                instant(rs, "registered_at"),
                instant(rs, "last_seen"),
                latest,
                rs.getInt("open_alerts"));
    }

    private Map<String, String> metadata(String json) {
        try {
            return mapper.readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device.metadata is not a JSON object of strings", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
