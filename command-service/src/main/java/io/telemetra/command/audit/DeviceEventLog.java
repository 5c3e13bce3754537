package io.telemetra.command.audit;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's events as the event store holds them, read without the aggregate repository (whose cache and snapshots
 * hold the current state). Rows are upcast and deserialized the way Axon loads them, so an old revision reads as the
 * current contract, exactly as the aggregate and the Kafka publisher see it.
 * <p>
 * {@code time_stamp} is ISO-8601 text; it is compared as {@code timestamptz}, not as text, which sorts like time only
 * while every row has Axon's exact format. PostgreSQL keeps microseconds, so bounds are rounded to microseconds in the
 * direction that keeps each comparison exact.
 */
@Repository
class DeviceEventLog {

    private static final String COLUMNS = """
            type, aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type, payload_revision,
            payload, meta_data""";

    private static final RowMapper<GenericDomainEventEntry<byte[]>> ENTRY = (rs, i) -> new GenericDomainEventEntry<>(
            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getBytes(8), rs.getBytes(9));

    private final JdbcTemplate jdbc;
    private final EventStorageEngine storageEngine;
    private final Configuration axon;

    DeviceEventLog(JdbcTemplate jdbc, EventStorageEngine storageEngine, Configuration axon) {
        this.jdbc = jdbc;
        this.storageEngine = storageEngine;
        this.axon = axon;
    }

    boolean exists(String deviceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists(select 1 from domain_event_entry where aggregate_identifier = ?)", Boolean.class,
                deviceId));
    }

    long count(HistoryQuery query) {
        List<Object> arguments = new ArrayList<>();
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry" + where(query, arguments),
                Long.class, arguments.toArray());
        return count == null ? 0 : count;
    }

    /** One page of the device's events matching the query, in sequence order. */
    List<DomainEventMessage<?>> page(HistoryQuery query) {
        List<Object> arguments = new ArrayList<>();
        String sql = "select " + COLUMNS + " from domain_event_entry" + where(query, arguments)
                + " order by sequence_number limit ? offset ?";
        arguments.add(query.size());
        arguments.add((long) query.page() * query.size());
        List<GenericDomainEventEntry<byte[]>> rows = jdbc.query(sql, ENTRY, arguments.toArray());
        List<DomainEventMessage<?>> events = new ArrayList<>(rows.size());
        EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(), axon.eventSerializer(), axon.upcasterChain())
                .forEachRemaining(events::add);
        return events;
    }

    /** The sequence number of the device's last event stored at or before the instant, if any. */
    Optional<Long> lastSequenceAt(String deviceId, Instant asOf) {
        return Optional.ofNullable(jdbc.queryForObject("""
                        select max(sequence_number) from domain_event_entry
                        where aggregate_identifier = ? and time_stamp::timestamptz <= ?""", Long.class,
                deviceId, timestamp(asOf.truncatedTo(ChronoUnit.MICROS))));
    }

    /** The device's whole stream from its first event, read in batches; snapshots are not consulted. */
    DomainEventStream stream(String deviceId) {
        return storageEngine.readEvents(deviceId, 0);
    }

    private static String where(HistoryQuery query, List<Object> arguments) {
        StringBuilder where = new StringBuilder(" where aggregate_identifier = ?");
        arguments.add(query.deviceId());
        if (query.from() != null) {
            where.append(" and time_stamp::timestamptz >= ?");
            arguments.add(timestamp(ceilingMicros(query.from())));
        }
        if (query.to() != null) {
            where.append(" and time_stamp::timestamptz < ?");
            arguments.add(timestamp(ceilingMicros(query.to())));
        }
        if (query.payloadType() != null) {
            where.append(" and payload_type = ?");
            arguments.add(query.payloadType().getName());
        }
        return where.toString();
    }

    /** Stored times are whole microseconds at most: t >= x and t < x hold exactly when they hold for x rounded up. */
    private static Instant ceilingMicros(Instant instant) {
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(instant) ? micros : micros.plus(1, ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
