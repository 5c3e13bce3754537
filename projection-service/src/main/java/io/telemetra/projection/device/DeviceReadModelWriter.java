package io.telemetra.projection.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.telemetra.projection.rows.Timestamps.setInstant;

/**
 * The SQL of the device read model. Every write is guarded so that applying an event twice, or an older one after a
 * newer one, changes nothing; each method is one statement or one JDBC batch for the whole poll.
 */
@Repository
class DeviceReadModelWriter {

    private static final String LOCK_DEVICES = """
            select device_id, last_sequence from device
            where device_id = any(?)
            order by device_id
            for update""";

    private static final String INSERT_REGISTRATION = """
            insert into device (device_id, type, name, site, location_lat, location_lon, metadata, status,
                                registered_at, last_sequence, updated_at)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), 'REGISTERED', ?, ?, now())
            on conflict (device_id) do nothing""";

    // One statement for the poll's devices: a JDBC batch of single-row updates cost PostgreSQL an execution per device.
    private static final String UPDATE_DEVICES = """
            update device d
            set status = case when d.status = 'DECOMMISSIONED' then d.status else coalesce(u.status, d.status) end,
                last_seen = greatest(d.last_seen, u.last_seen),
                name = case when u.replace then u.name else d.name end,
                site = case when u.replace then u.site else d.site end,
                location_lat = case when u.replace then u.lat else d.location_lat end,
                location_lon = case when u.replace then u.lon else d.location_lon end,
                metadata = case when u.replace then cast(u.metadata as jsonb) else d.metadata end,
                rules = case when u.configure then cast(u.rules as jsonb) else d.rules end,
                reporting_interval_seconds = case when u.configure then u.reporting_interval
                                                  else d.reporting_interval_seconds end,
                last_sequence = u.last_sequence,
                updated_at = now()
            from unnest(?::text[], ?::text[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[],
                        ?::float8[], ?::float8[], ?::text[], ?::boolean[], ?::text[], ?::int4[], ?::int8[])
                 as u(device_id, status, last_seen, replace, name, site, lat, lon, metadata, configure, rules,
                      reporting_interval, last_sequence)
            where d.device_id = u.device_id and d.last_sequence < u.last_sequence""";

    private static final String UPSERT_LATEST_READING = """
            insert into device_latest_reading as l (device_id, metric, value, unit, reading_timestamp, reading_id,
                                                    sequence_number)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (device_id, metric) do update
            set value = excluded.value,
                unit = excluded.unit,
                reading_timestamp = excluded.reading_timestamp,
                reading_id = excluded.reading_id,
                sequence_number = excluded.sequence_number
            where (l.reading_timestamp, l.sequence_number) < (excluded.reading_timestamp, excluded.sequence_number)""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper = WireFormat.objectMapper();

    DeviceReadModelWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the rows of the given devices, in id order so that two writers cannot deadlock, and returns their
     * {@code last_sequence}. Holding the locks until commit serialises writers of the same device, such as a consumer
     * that lost its partitions in a rebalance but has not noticed yet.
     */
    Map<String, Long> lockDevices(Collection<String> deviceIds) {
        Map<String, Long> lastSequences = new HashMap<>();
        jdbc.query(LOCK_DEVICES,
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())),
                rs -> {
                    lastSequences.put(rs.getString(1), rs.getLong(2));
                });
        return lastSequences;
    }

    void insertRegistrations(List<DeviceBatchPlan.Registration> registrations) {
        if (registrations.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT_REGISTRATION, registrations, registrations.size(), (ps, registration) -> {
            DeviceRegisteredEvent event = registration.event();
            ps.setString(1, event.deviceId());
            ps.setString(2, event.type());
            ps.setString(3, event.name());
            ps.setString(4, event.site());
            setDouble(ps, 5, event.location() == null ? null : event.location().lat());
            setDouble(ps, 6, event.location() == null ? null : event.location().lon());
            ps.setString(7, json(event.metadata()));
            setInstant(ps, 8, event.registeredAt());
            ps.setLong(9, registration.sequenceNumber());
        });
    }

    /** @param updates at most one per device, as {@link DeviceBatchPlan} makes them */
    void updateDevices(List<DeviceBatchPlan.DeviceUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        int n = updates.size();
        String[] deviceIds = new String[n];
        String[] statuses = new String[n];
        String[] lastSeen = new String[n];
        Boolean[] replace = new Boolean[n];
        String[] names = new String[n];
        String[] sites = new String[n];
        Double[] lats = new Double[n];
        Double[] lons = new Double[n];
        String[] metadata = new String[n];
        Boolean[] configure = new Boolean[n];
        String[] rules = new String[n];
        Integer[] reportingIntervals = new Integer[n];
        Long[] lastSequences = new Long[n];
        for (int i = 0; i < n; i++) {
            DeviceBatchPlan.DeviceUpdate update = updates.get(i);
            DeviceUpdatedEvent attributes = update.attributes();
            DeviceRulesConfiguredEvent configured = update.rules();
            deviceIds[i] = update.deviceId();
            statuses[i] = update.status() == null ? null : update.status().name();
            lastSeen[i] = update.lastSeen() == null ? null : update.lastSeen().toString();
            replace[i] = attributes != null;
            if (attributes != null) {
                names[i] = attributes.name();
                sites[i] = attributes.site();
                lats[i] = attributes.location() == null ? null : attributes.location().lat();
                lons[i] = attributes.location() == null ? null : attributes.location().lon();
                metadata[i] = json(attributes.metadata());
            }
            configure[i] = configured != null;
            if (configured != null) {
                rules[i] = json(configured.rules());
                reportingIntervals[i] = configured.reportingIntervalSeconds();
            }
            lastSequences[i] = update.lastSequence();
        }
        jdbc.update(UPDATE_DEVICES, ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("text", deviceIds));
            ps.setArray(2, connection.createArrayOf("text", statuses));
            ps.setArray(3, connection.createArrayOf("text", lastSeen));
            ps.setArray(4, connection.createArrayOf("boolean", replace));
            ps.setArray(5, connection.createArrayOf("text", names));
            ps.setArray(6, connection.createArrayOf("text", sites));
            ps.setArray(7, connection.createArrayOf("float8", lats));
            ps.setArray(8, connection.createArrayOf("float8", lons));
            ps.setArray(9, connection.createArrayOf("text", metadata));
            ps.setArray(10, connection.createArrayOf("boolean", configure));
            ps.setArray(11, connection.createArrayOf("text", rules));
            ps.setArray(12, connection.createArrayOf("int4", reportingIntervals));
            ps.setArray(13, connection.createArrayOf("int8", lastSequences));
        });
    }

    void upsertLatestReadings(List<DeviceBatchPlan.LatestReadingUpsert> readings) {
        if (readings.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_LATEST_READING, readings, readings.size(), (ps, upsert) -> {
            ReadingRecordedEvent reading = upsert.reading();
            ps.setString(1, reading.deviceId());
            ps.setString(2, reading.metric());
            ps.setDouble(3, reading.value());
            ps.setString(4, reading.unit());
            setInstant(ps, 5, reading.timestamp());
            ps.setString(6, reading.readingId());
            ps.setLong(7, upsert.sequenceNumber());
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A decoded event's attributes always serialise", e);
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
