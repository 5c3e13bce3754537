package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.DomainEventData;

import java.util.stream.Stream;

/**
 * Events that left {@code domain_event_entry} for an archive: what {@link ArchiveAwareStorageEngine} reads to complete a
 * stream whose snapshot does not cover them.
 */
public interface ArchivedStreams {

    /**
     * The aggregate's archived events with a sequence number of at least {@code firstSequenceNumber}, in sequence
     * order, as stored; an empty stream when there are none (the usual case, answered by one indexed query).
     */
    Stream<? extends DomainEventData<?>> events(String aggregateIdentifier, long firstSequenceNumber);
}
