package io.telemetra.command.eventstore;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A bounded, strongly referenced cache of loaded aggregates for Axon's caching repository. Axon's
 * {@code WeakReferenceCache} loses most entries to the garbage collector under load, and every miss replays the
 * aggregate from its last snapshot. Axon evicts an entry whenever a unit of work that used it rolls back (its state
 * may hold events that were never stored); the Device's repository also evicts an entry it finds behind the event
 * store (another instance wrote the stream) before it decides anything.
 */
public class CaffeineAggregateCache implements Cache {

    private final ConcurrentMap<Object, Object> entries;

    public CaffeineAggregateCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, absent -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (present, value) -> update.apply((V) value));
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Nothing in Axon's aggregate repositories listens to cache entries; refuse rather than pretend to notify. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("cache entry listeners are not supported");
    }
}
