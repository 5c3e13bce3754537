package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Records what the event store reads per aggregate: the snapshots found and, for each stream read, where it started
 * and how many events it delivered. The real storage engine does the work; this only watches it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class EventStoreReads {

    /** A stream read of one aggregate: from which sequence number, and how many events the reader consumed. */
    public record StreamRead(long firstSequenceNumber, AtomicInteger eventsDelivered) {
    }

    private final Map<String, List<Long>> snapshotsRead = new ConcurrentHashMap<>();
    private final Map<String, List<StreamRead>> streamsRead = new ConcurrentHashMap<>();

    @Bean
    static BeanPostProcessor recordingStorageEngine(EventStoreReads reads) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof EventStorageEngine engine ? reads.new Recording(engine) : bean;
            }
        };
    }

    public List<Long> snapshotsRead(String aggregateId) {
        return List.copyOf(snapshotsRead.getOrDefault(aggregateId, List.of()));
    }

    public List<StreamRead> streamsRead(String aggregateId) {
        return List.copyOf(streamsRead.getOrDefault(aggregateId, List.of()));
    }

    public void forget(String aggregateId) {
        snapshotsRead.remove(aggregateId);
        streamsRead.remove(aggregateId);
    }

    private final class Recording implements EventStorageEngine {

        private final EventStorageEngine delegate;

        Recording(EventStorageEngine delegate) {
            this.delegate = delegate;
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            StreamRead read = new StreamRead(firstSequenceNumber, new AtomicInteger());
            streamsRead.computeIfAbsent(aggregateIdentifier, id -> new CopyOnWriteArrayList<>()).add(read);
            DomainEventStream stream = delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
            return new DomainEventStream() {
                @Override
                public boolean hasNext() {
                    return stream.hasNext();
                }

                @Override
                public DomainEventMessage<?> next() {
                    read.eventsDelivered().incrementAndGet();
                    return stream.next();
                }

                @Override
                public DomainEventMessage<?> peek() {
                    return stream.peek();
                }

                @Override
                public Long getLastSequenceNumber() {
                    return stream.getLastSequenceNumber();
                }
            };
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            Optional<DomainEventMessage<?>> snapshot = delegate.readSnapshot(aggregateIdentifier);
            snapshot.ifPresent(found -> snapshotsRead
                    .computeIfAbsent(aggregateIdentifier, id -> new CopyOnWriteArrayList<>())
                    .add(found.getSequenceNumber()));
            return snapshot;
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            delegate.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            delegate.storeSnapshot(snapshot);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return delegate.readEvents(trackingToken, mayBlock);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return delegate.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return delegate.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return delegate.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return delegate.createTokenAt(dateTime);
        }
    }
}
