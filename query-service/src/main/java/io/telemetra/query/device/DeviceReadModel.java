package io.telemetra.query.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.query.DeviceRulesView;
import io.telemetra.api.query.DeviceView;
import io.telemetra.api.query.LatestReading;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.telemetra.query.jdbc.Timestamps.instant;

/** Reads the device read model that projection-service maintains. */
@Repository
class DeviceReadModel {

    private static final String DEVICE_COLUMNS = """
            d.device_id, d.type, d.name, d.site, d.location_lat, d.location_lon, d.metadata::text as metadata,
            d.status, d.registered_at, d.last_seen, d.open_alerts""";

    // One statement, so the device and its latest readings come from the same snapshot.
    private static final String FIND_DEVICE = """
            select %s,
                   l.metric, l.value, l.unit, l.reading_timestamp
            from device d
            left join device_latest_reading l on l.device_id = d.device_id
            where d.device_id = ?
            order by l.metric""".formatted(DEVICE_COLUMNS);

    private static final String LATEST_OF_DEVICES = """
            select device_id, metric, value, unit, reading_timestamp
            from device_latest_reading
            where device_id = any(?)
            order by device_id, metric""";

    private static final String FIND_RULES = """
            select rules::text as rules, reporting_interval_seconds from device where device_id = ?""";

    private static final TypeReference<LinkedHashMap<String, String>> METADATA = new TypeReference<>() {
    };
    private static final TypeReference<List<ThresholdRule>> RULES = new TypeReference<>() {
    };
    // The rules are stored as the events carry them: read with the wire format's mapper.
    private static final ObjectMapper RULES_JSON = WireFormat.objectMapper();

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
                    latest.put(metric, latestReading(rs));
                }
            } while (rs.next());
            return device;
        }, deviceId));
    }

    /** The page, its total and the devices' latest readings from one snapshot, so they agree with each other. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page<DeviceView> findDevices(DeviceListQuery query) {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        Long total = jdbc.queryForObject("select count(*) from device d" + where, Long.class, parameters.toArray());

        String orderBy = query.sort().stream()
                .map(order -> "d." + order.column() + (order.descending() ? " desc" : " asc") + " nulls last")
                .collect(Collectors.joining(", "));
        parameters.add(query.size());
        parameters.add(query.offset());
        Map<String, Map<String, LatestReading>> latest = new HashMap<>();
        List<DeviceView> devices = jdbc.query("select " + DEVICE_COLUMNS + " from device d" + where
                        + " order by " + orderBy + " limit ? offset ?",
                (rs, i) -> device(rs, Collections.unmodifiableMap(
                        latest.computeIfAbsent(rs.getString("device_id"), id -> new LinkedHashMap<>()))),
                parameters.toArray());
        if (!devices.isEmpty()) {
            jdbc.query(LATEST_OF_DEVICES,
                    ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", latest.keySet().toArray())),
                    rs -> {
                        latest.get(rs.getString("device_id")).put(rs.getString("metric"), latestReading(rs));
                    });
        }
        return new Page<>(devices, PageMetadata.of(query.page(), query.size(), total == null ? 0 : total));
    }

    Optional<DeviceRulesView> findRules(String deviceId) {
        return jdbc.query(FIND_RULES, rs -> {
            if (!rs.next()) {
                return Optional.empty();
            }
            int interval = rs.getInt("reporting_interval_seconds");
            Integer reportingInterval = rs.wasNull() ? null : interval;
            try {
                return Optional.of(new DeviceRulesView(deviceId, RULES_JSON.readValue(rs.getString("rules"), RULES),
                        reportingInterval));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("device.rules of " + deviceId + " is not a rule list", e);
            }
        }, deviceId);
    }

    private static String where(DeviceListQuery query, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (query.search() != null) {
            // A scan of the device table: at fleet sizes of tens of thousands it answers in milliseconds.
            conditions.add("(d.device_id ilike ? or d.name ilike ?)");
            parameters.add(query.searchPattern());
            parameters.add(query.searchPattern());
        }
        if (query.type() != null) {
            conditions.add("d.type = ?");
            parameters.add(query.type());
        }
        if (query.status() != null) {
            conditions.add("d.status = ?");
            parameters.add(query.status().name());
        }
        if (query.site() != null) {
            conditions.add("d.site = ?");
            parameters.add(query.site());
        }
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
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

    private static LatestReading latestReading(ResultSet rs) throws SQLException {
        return new LatestReading(rs.getDouble("value"), rs.getString("unit"), instant(rs, "reading_timestamp"));
    }

    private Map<String, String> metadata(String json) {
        try {
            return mapper.readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device.metadata is not a JSON object of strings", e);
        }
    }
}
