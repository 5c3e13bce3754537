package io.telemetra.command.audit;

import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.archive.ArchiveReader;
import io.telemetra.command.eventstore.ReadingDays;
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
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A device's events as the event store holds them, read without the aggregate repository (whose cache and snapshots
 * hold the current state), together with its reading events that were moved to the archive: counted from the archive's
 * catalog where it can, read from the archive where it must, and merged with the stored ones by sequence number, so a
 * history or a state over an archived period answers as it did before. Rows are upcast and deserialized the way Axon
 * loads them, so an old revision reads as the current contract, exactly as the aggregate and the Kafka publisher see
 * it.
 * <p>
 * {@code time_stamp} is ISO-8601 text; it is compared as {@code timestamptz}, not as text, which sorts like time only
 * while every row has Axon's exact format. PostgreSQL keeps microseconds, so bounds are rounded to microseconds in the
 * direction that keeps each comparison exact.
 * <p>
 * A bound in time also bounds the day partitions of reading events read ({@link ReadingDays}), so that a window of a
 * long history reads the days it covers, not every day the hot store holds.
 */
@Repository
class DeviceEventLog {

    private static final String COLUMNS = """
            type, aggregate_identifier, sequence_number, event_identifier, time_stamp, payload_type, payload_revision,
            payload, meta_data""";

    private static final RowMapper<GenericDomainEventEntry<byte[]>> ENTRY = (rs, i) -> new GenericDomainEventEntry<>(
            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7), rs.getBytes(8), rs.getBytes(9));

    /** Stored rows read per query while merging with archived events. */
    private static final int MERGE_BATCH = 500;

    private final JdbcTemplate jdbc;
    private final EventStorageEngine storageEngine;
    private final Configuration axon;
    private final ArchiveReader archive;

    DeviceEventLog(JdbcTemplate jdbc, EventStorageEngine storageEngine, Configuration axon, ArchiveReader archive) {
        this.jdbc = jdbc;
        this.storageEngine = storageEngine;
        this.axon = axon;
        this.archive = archive;
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
        long archived = 0;
        for (ArchiveReader.Run run : archivedRuns(query)) {
            if (within(query, run.firstTime()) && within(query, run.lastTime())) {
                archived += run.events();
            } else {
                archived += archive.events(query.deviceId(), run.firstSequence(), run.lastSequence())
                        .filter(entry -> within(query, entry.getTimestamp()))
                        .count();
            }
        }
        return (count == null ? 0 : count) + archived;
    }

    /** One page of the device's events matching the query, in sequence order. */
    List<DomainEventMessage<?>> page(HistoryQuery query) {
        long offset = (long) query.page() * query.size();
        List<ArchiveReader.Run> runs = archivedRuns(query);
        List<GenericDomainEventEntry<byte[]>> rows;
        if (runs.isEmpty()) {
            List<Object> arguments = new ArrayList<>();
            String sql = "select " + COLUMNS + " from domain_event_entry" + where(query, arguments)
                    + " order by sequence_number limit ? offset ?";
            arguments.add(query.size());
            arguments.add(offset);
            rows = jdbc.query(sql, ENTRY, arguments.toArray());
        } else {
            rows = mergedPage(query, runs, offset);
        }
        List<DomainEventMessage<?>> events = new ArrayList<>(rows.size());
        EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(), axon.eventSerializer(), axon.upcasterChain())
                .forEachRemaining(events::add);
        return events;
    }

    /**
     * Stored and archived events matching the query, merged by sequence number, from the offset on. Archived runs that
     * lie wholly within the query and before the page are skipped by their count rather than read.
     */
    private List<GenericDomainEventEntry<byte[]>> mergedPage(HistoryQuery query, List<ArchiveReader.Run> runs,
                                                             long offset) {
        Iterator<GenericDomainEventEntry<byte[]>> stored = storedMatching(query);
        Iterator<GenericDomainEventEntry<byte[]>> archived = runs.stream()
                .flatMap(run -> archive.events(query.deviceId(), run.firstSequence(), run.lastSequence()))
                .filter(entry -> within(query, entry.getTimestamp()))
                .iterator();
        GenericDomainEventEntry<byte[]> nextStored = stored.hasNext() ? stored.next() : null;
        GenericDomainEventEntry<byte[]> nextArchived = archived.hasNext() ? archived.next() : null;
        List<GenericDomainEventEntry<byte[]>> page = new ArrayList<>(query.size());
        long skipped = 0;
        while (page.size() < query.size() && (nextStored != null || nextArchived != null)) {
            GenericDomainEventEntry<byte[]> next;
            if (nextArchived == null || (nextStored != null
                    && nextStored.getSequenceNumber() <= nextArchived.getSequenceNumber())) {
                next = nextStored;
                if (nextArchived != null && nextArchived.getSequenceNumber() == nextStored.getSequenceNumber()) {
                    nextArchived = archived.hasNext() ? archived.next() : null;
                }
                nextStored = stored.hasNext() ? stored.next() : null;
            } else {
                next = nextArchived;
                nextArchived = archived.hasNext() ? archived.next() : null;
            }
            if (skipped < offset) {
                skipped++;
            } else {
                page.add(next);
            }
        }
        return page;
    }

    /** The stored events matching the query in sequence order, read a batch at a time. */
    private Iterator<GenericDomainEventEntry<byte[]>> storedMatching(HistoryQuery query) {
        return new Iterator<>() {
            private List<GenericDomainEventEntry<byte[]>> batch = List.of();
            private int index;
            private long after = -1;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (index < batch.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                List<Object> arguments = new ArrayList<>();
                String sql = "select " + COLUMNS + " from domain_event_entry" + where(query, arguments)
                        + " and sequence_number > ? order by sequence_number limit ?";
                arguments.add(after);
                arguments.add(MERGE_BATCH);
                batch = jdbc.query(sql, ENTRY, arguments.toArray());
                index = 0;
                exhausted = batch.size() < MERGE_BATCH;
                if (!batch.isEmpty()) {
                    after = batch.get(batch.size() - 1).getSequenceNumber();
                }
                return !batch.isEmpty();
            }

            @Override
            public GenericDomainEventEntry<byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.get(index++);
            }
        };
    }

    /** The device's archived runs that may hold events the query matches. */
    private List<ArchiveReader.Run> archivedRuns(HistoryQuery query) {
        if (query.payloadType() != null && !query.payloadType().equals(ReadingRecordedEvent.class)) {
            return List.of(); // only reading events are archived
        }
        return archive.runs(query.deviceId()).stream()
                .filter(run -> (query.to() == null || run.firstTime().isBefore(query.to()))
                        && (query.from() == null || !run.lastTime().isBefore(query.from())))
                .toList();
    }

    private static boolean within(HistoryQuery query, Instant storedAt) {
        return (query.from() == null || !storedAt.isBefore(query.from()))
                && (query.to() == null || storedAt.isBefore(query.to()));
    }

    /** The sequence number of the device's last event stored at or before the instant, if any. */
    Optional<Long> lastSequenceAt(String deviceId, Instant asOf) {
        Long stored = jdbc.queryForObject("""
                        select max(sequence_number) from domain_event_entry
                        where aggregate_identifier = ? and time_stamp::timestamptz <= ?"""
                        + ReadingDays.storedUpTo(asOf),
                Long.class, deviceId, timestamp(asOf.truncatedTo(ChronoUnit.MICROS)));
        long last = stored == null ? -1 : stored;
        for (ArchiveReader.Run run : archive.runs(deviceId)) {
            if (run.lastSequence() <= last || run.firstTime().isAfter(asOf)) {
                continue;
            }
            if (!run.lastTime().isAfter(asOf)) {
                last = run.lastSequence();
            } else {
                long before = last;
                last = archive.events(deviceId, run.firstSequence(), run.lastSequence())
                        .filter(entry -> !entry.getTimestamp().isAfter(asOf))
                        .mapToLong(GenericDomainEventEntry::getSequenceNumber)
                        .max().orElse(before);
                last = Math.max(last, before);
            }
        }
        return last < 0 ? Optional.empty() : Optional.of(last);
    }

    /** The device's whole stream from its first event, read in batches; snapshots are not consulted. */
    DomainEventStream stream(String deviceId) {
        return storageEngine.readEvents(deviceId, 0);
    }

    private static String where(HistoryQuery query, List<Object> arguments) {
        StringBuilder where = new StringBuilder(" where aggregate_identifier = ?");
        arguments.add(query.deviceId());
        if (query.from() != null) {
            where.append(" and time_stamp::timestamptz >= ?").append(ReadingDays.storedFrom(query.from()));
            arguments.add(timestamp(ceilingMicros(query.from())));
        }
        if (query.to() != null) {
            where.append(" and time_stamp::timestamptz < ?").append(ReadingDays.storedUpTo(query.to()));
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
