package io.telemetra.command.device.config;

import io.micrometer.core.instrument.Counter;
import io.telemetra.command.eventstore.StreamVersions;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;

/**
 * Axon's caching repository, except that a cached aggregate decides only once it is known to be what the event store
 * holds. Several instances write the same streams (a device's REST requests may land on any of them, its saga on
 * another), so an aggregate cached by one instance goes stale as soon as another appends to its stream.
 * <p>
 * A stale aggregate that appends is caught anyway: its events take sequence numbers that are already stored, the
 * store's stream head refuses them (event_stream_head), the unit of work rolls back, and Axon evicts the entry. But a
 * decision that appends nothing (an update that looks like a no-op, a reading taken for a duplicate, a refusal) would
 * stand unchecked. So every cache hit is compared, under the aggregate's lock, with the last sequence number stored
 * (one index probe, or the figure a batch read for all its streams at once, see {@link StreamVersions#confirmAll}); an
 * entry behind the store is evicted and the aggregate loaded from the store (snapshot and events) instead.
 */
final class VersionCheckedRepository<T> extends CachingEventSourcingRepository<T> {

    private final Cache cache;
    private final StreamVersions versions;
    private final Counter refreshed;
    private final CommittedStateSnapshots snapshots;

    VersionCheckedRepository(EventSourcingRepository.Builder<T> builder, Cache cache, StreamVersions versions,
                             Counter refreshed, CommittedStateSnapshots snapshots) {
        super(builder.cache(cache));
        this.cache = cache;
        this.versions = versions;
        this.refreshed = refreshed;
        this.snapshots = snapshots;
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        snapshots.saved(aggregate);
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        boolean cached = cache.containsKey(aggregateIdentifier);
        EventSourcedAggregate<T> aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        if (cached && isBehindTheStore(aggregateIdentifier, aggregate.version())) {
            cache.remove(aggregateIdentifier);
            refreshed.increment();
            aggregate = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        return aggregate;
    }

    private boolean isBehindTheStore(String aggregateIdentifier, Long version) {
        return versions.lastSequenceNumber(aggregateIdentifier)
                .map(stored -> version == null || stored > version)
                .orElse(false);
    }
}
