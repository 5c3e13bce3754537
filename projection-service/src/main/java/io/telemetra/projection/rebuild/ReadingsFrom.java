package io.telemetra.projection.rebuild;

import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.event.DeviceEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rebuild from the horizon: readings with an event time before {@link #from()} (a whole hour) are not replayed; what
 * they made is taken over from the live read models at the switch-over, under its lock, where the live model is
 * frozen: raw readings and windows before it, latest values, last-seen times.
 * <p>
 * Every skipped reading must be in the live model by then. Before the lock, every reading before the horizon is skipped
 * and the highest skipped sequence number of each device remembered; the switch-over goes ahead only if the live model
 * has applied each device at least that far (else it lets go and tries again once the live model caught up). During
 * the catch-up under the lock, such a reading is skipped only if the frozen live model has it, and applied otherwise.
 * A device's {@code last_sequence} becomes the greater of the two models', so that the live consumer, resuming on the
 * rebuilt tables, does not apply again what was taken over.
 */
final class ReadingsFrom {

    private final Instant from;
    private final Map<String, Long> highestSkipped = new ConcurrentHashMap<>();

    ReadingsFrom(Instant requested) {
        this.from = requested.truncatedTo(ChronoUnit.HOURS);
    }

    Instant from() {
        return from;
    }

    boolean before(DeviceEvent event) {
        return event.payload() instanceof ReadingRecordedEvent reading && reading.timestamp().isBefore(from);
    }

    /** Remembers a reading skipped before the lock. */
    void skipped(DeviceEvent event) {
        highestSkipped.merge(event.deviceId(), event.sequenceNumber(), Math::max);
    }

    /** Whether the live model, frozen under the lock, holds every reading skipped before it. */
    boolean liveHoldsTheSkipped(Connection connection, String live) throws SQLException {
        if (highestSkipped.isEmpty()) {
            return true;
        }
        Map<String, Long> applied = lastSequences(connection, live, highestSkipped.keySet());
        return highestSkipped.entrySet().stream()
                .allMatch(skipped -> applied.getOrDefault(skipped.getKey(), -1L) >= skipped.getValue());
    }

    static Map<String, Long> lastSequences(Connection connection, String schema, Collection<String> devices)
            throws SQLException {
        Map<String, Long> sequences = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("select device_id, last_sequence from "
                + ReadModelSchemas.quote(schema) + ".device where device_id = any(?)")) {
            query.setArray(1, connection.createArrayOf("text", devices.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    sequences.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return sequences;
    }
}
