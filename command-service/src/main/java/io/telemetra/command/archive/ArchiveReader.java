package io.telemetra.command.archive;

import io.telemetra.command.eventstore.ArchivedStreams;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads archived events back: a stream's events for aggregate loading ({@link ArchivedStreams}) and for the audit views.
 * Only segments whose partition was dropped are read; until then their events are in the event store.
 */
@Component
public class ArchiveReader implements ArchivedStreams {

    /** Where a device's archived events are: one run per archived day that held any. */
    public record Run(String aggregateIdentifier, long firstSequence, long lastSequence, int events, Instant firstTime,
                      Instant lastTime) {
    }

    private final ArchiveCatalog catalog;
    private final ArchiveStore store;

    ArchiveReader(ArchiveCatalog catalog, ArchiveStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    @Override
    public Stream<? extends DomainEventData<?>> events(String aggregateIdentifier, long firstSequenceNumber) {
        List<ArchiveCatalog.StoredRun> runs = catalog.runs(aggregateIdentifier, firstSequenceNumber);
        if (runs.isEmpty()) {
            return Stream.empty();
        }
        return entries(runs, firstSequenceNumber, Long.MAX_VALUE);
    }

    /** The device's runs in the archive, by first sequence number. */
    public List<Run> runs(String aggregateIdentifier) {
        return catalog.runs(aggregateIdentifier, 0).stream()
                .map(run -> new Run(run.aggregateIdentifier(), run.firstSequence(), run.lastSequence(), run.events(),
                        run.firstTime(), run.lastTime()))
                .toList();
    }

    /** The archived events of the device with {@code first <= sequence number <= last}, in sequence order. */
    public Stream<GenericDomainEventEntry<byte[]>> events(String aggregateIdentifier, long first, long last) {
        List<ArchiveCatalog.StoredRun> runs = catalog.runs(aggregateIdentifier, first).stream()
                .filter(run -> run.firstSequence() <= last)
                .toList();
        return entries(runs, first, last);
    }

    private Stream<GenericDomainEventEntry<byte[]>> entries(List<ArchiveCatalog.StoredRun> runs, long first,
                                                             long last) {
        boolean ordered = true;
        for (int i = 1; i < runs.size(); i++) {
            ordered &= runs.get(i).firstSequence() > runs.get(i - 1).lastSequence();
        }
        Stream<ArchivedEvent> events = runs.stream().flatMap(run -> read(run).stream());
        if (!ordered) {
            // Stored times of one stream's events straddled a day boundary out of order (clocks of two instances).
            events = events.sorted(Comparator.comparingLong(ArchivedEvent::sequenceNumber));
        }
        return events.filter(event -> event.sequenceNumber() >= first && event.sequenceNumber() <= last)
                .map(ArchivedEvent::entry);
    }

    private List<ArchivedEvent> read(ArchiveCatalog.StoredRun run) {
        try (InputStream member = store.open(run.fileName(), run.offset(), run.length())) {
            List<ArchivedEvent> events = SegmentFile.read(member);
            if (events.size() != run.events()) {
                throw new IOException("the archived run of " + run.aggregateIdentifier() + " in " + run.fileName()
                        + " holds " + events.size() + " events, the catalog says " + run.events());
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read archived events of " + run.aggregateIdentifier() + " from "
                    + store.describe() + "/" + run.fileName(), e);
        }
    }
}
