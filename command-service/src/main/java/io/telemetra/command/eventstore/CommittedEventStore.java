package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.stream.Stream;

/**
 * Axon's embedded event store, except that loading an aggregate reads only what is stored, not also the events staged
 * by the unit of work in progress. Collecting those walks every staged event of the batch with a linear duplicate
 * check per event: with a Kafka poll of 1,000 devices in one unit of work, every device loaded from the database
 * (after a restart, or an evicted cache entry) cost a million comparisons. Nothing here needs the staged events: an
 * aggregate loaded twice in one unit of work is served by the repository's own map of the aggregates it manages, and
 * the Device stream is only ever created by a registration in a unit of work of its own.
 */
class CommittedEventStore extends EmbeddedEventStore {

    CommittedEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected Stream<? extends DomainEventMessage<?>> stagedDomainEventMessages(String aggregateIdentifier) {
        return Stream.empty();
    }
}
