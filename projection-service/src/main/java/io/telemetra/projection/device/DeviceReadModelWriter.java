package io.telemetra.projection.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

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
 * newer one, changes nothing; each method is one JDBC batch for the whole poll.
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

    private static final String UPDATE_DEVICE = """
            update device
            set status = case when status = 'DECOMMISSIONED' then status else coalesce(cast(? as text), status) end,
                last_seen = greatest(last_seen, cast(? as timestamptz)),
                name = case when cast(? as boolean) then cast(? as text) else name end,
                site = case when cast(? as boolean) then cast(? as text) else site end,
                location_lat = case when cast(? as boolean) then cast(? as double precision) else location_lat end,
                location_lon = case when cast(? as boolean) then cast(? as double precision) else location_lon end,
                metadata = case when cast(? as boolean) then cast(? as jsonb) else metadata end,
                rules = case when cast(? as boolean) then cast(? as jsonb) else rules end,
                reporting_interval_seconds = case when cast(? as boolean) then cast(? as integer)
                                                  else reporting_interval_seconds end,
                last_sequence = ?,
                updated_at = now()
            where device_id = ? and last_sequence < ?""";

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

    void updateDevices(List<DeviceBatchPlan.DeviceUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPDATE_DEVICE, updates, updates.size(), (ps, update) -> {
            DeviceStatus status = update.status();
            DeviceUpdatedEvent attributes = update.attributes();
            boolean replace = attributes != null;
            ps.setString(1, status == null ? null : status.name());
            setInstant(ps, 2, update.lastSeen());
            ps.setBoolean(3, replace);
            ps.setString(4, replace ? attributes.name() : null);
            ps.setBoolean(5, replace);
            ps.setString(6, replace ? attributes.site() : null);
            ps.setBoolean(7, replace);
            setDouble(ps, 8, replace && attributes.location() != null ? attributes.location().lat() : null);
            ps.setBoolean(9, replace);
            setDouble(ps, 10, replace && attributes.location() != null ? attributes.location().lon() : null);
            ps.setBoolean(11, replace);
            ps.setString(12, replace ? json(attributes.metadata()) : null);
            DeviceRulesConfiguredEvent rules = update.rules();
            ps.setBoolean(13, rules != null);
            ps.setString(14, rules == null ? null : json(rules.rules()));
            ps.setBoolean(15, rules != null);
            if (rules == null || rules.reportingIntervalSeconds() == null) {
                ps.setNull(16, Types.INTEGER);
            } else {
                ps.setInt(16, rules.reportingIntervalSeconds());
            }
            ps.setLong(17, update.lastSequence());
            ps.setString(18, update.deviceId());
            ps.setLong(19, update.lastSequence());
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
