package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The JDBC engine, with a device's stream completed from the archive where events left the hot store. Loading an
 * aggregate reads its snapshot and the events after it; the archiver makes sure the snapshot covers what it moves out,
 * so the archive is read only when it does not (no snapshot, or one of an older shape the snapshot filter refuses): the
 * stream is then the hot events and the archived ones merged by sequence number, the same events in the same order
 * as before archiving.
 * <p>
 * A stream's last sequence number comes from {@code event_stream_head} (see V5__partitioned_event_store.sql): the
 * events holding it may be archived.
 */
final class ArchiveAwareStorageEngine implements EventStorageEngine {

    private final EventStorageEngine hot;
    private final ArchivedStreams archive;
    private final Serializer eventSerializer;
    private final Supplier<EventUpcaster> upcasters;
    private final JdbcTemplate jdbc;

    ArchiveAwareStorageEngine(EventStorageEngine hot, ArchivedStreams archive, Serializer eventSerializer,
                              Supplier<EventUpcaster> upcasters, JdbcTemplate jdbc) {
        this.hot = hot;
        this.archive = archive;
        this.eventSerializer = eventSerializer;
        this.upcasters = upcasters;
        this.jdbc = jdbc;
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        DomainEventStream stored = hot.readEvents(aggregateIdentifier, firstSequenceNumber);
        Stream<? extends DomainEventData<?>> archived = archive.events(aggregateIdentifier, firstSequenceNumber);
        DomainEventStream fromArchive = EventStreamUtils.upcastAndDeserializeDomainEvents(archived, eventSerializer,
                upcasters.get());
        if (!fromArchive.hasNext()) {
            return stored;
        }
        return new MergedDomainEventStream(stored, fromArchive);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        List<Long> head = jdbc.queryForList(
                "select sequence_number from event_stream_head where aggregate_identifier = ?", Long.class,
                aggregateIdentifier);
        return head.isEmpty() ? Optional.empty() : Optional.ofNullable(head.get(0));
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        hot.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        hot.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return hot.readEvents(trackingToken, mayBlock);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return hot.readSnapshot(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return hot.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return hot.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return hot.createTokenAt(dateTime);
    }

    /** Two streams of one aggregate, each in sequence order, as one; an event in both is taken from the first. */
    static final class MergedDomainEventStream implements DomainEventStream {

        private final DomainEventStream first;
        private final DomainEventStream second;
        private Long lastSequenceNumber;

        MergedDomainEventStream(DomainEventStream first, DomainEventStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public boolean hasNext() {
            return first.hasNext() || second.hasNext();
        }

        @Override
        public DomainEventMessage<?> peek() {
            DomainEventStream source = source();
            return source == null ? null : source.peek();
        }

        @Override
        public DomainEventMessage<?> next() {
            DomainEventStream source = source();
            if (source == null) {
                throw new NoSuchElementException();
            }
            DomainEventMessage<?> event = source.next();
            if (source == first) {
                while (second.hasNext() && second.peek().getSequenceNumber() == event.getSequenceNumber()) {
                    second.next();
                }
            }
            lastSequenceNumber = event.getSequenceNumber();
            return event;
        }

        private DomainEventStream source() {
            if (!first.hasNext()) {
                return second.hasNext() ? second : null;
            }
            if (!second.hasNext()) {
                return first;
            }
            return second.peek().getSequenceNumber() < first.peek().getSequenceNumber() ? second : first;
        }

        @Override
        public Long getLastSequenceNumber() {
            Long firstLast = first.getLastSequenceNumber();
            Long secondLast = second.getLastSequenceNumber();
            Long max = lastSequenceNumber;
            for (Long candidate : new Long[]{firstLast, secondLast}) {
                if (candidate != null && (max == null || candidate > max)) {
                    max = candidate;
                }
            }
            return max;
        }
    }
}
