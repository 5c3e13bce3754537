package io.telemetra.command.eventstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaffeineAggregateCacheTest {

    private final CaffeineAggregateCache cache = new CaffeineAggregateCache(100);

    @Test
    void anEntryIsKeptUntilRemoved() {
        cache.put("pump-1", "loaded");

        assertThat(cache.<String, String>get("pump-1")).isEqualTo("loaded");
        assertThat(cache.containsKey("pump-1")).isTrue();
        assertThat(cache.remove("pump-1")).isTrue();
        assertThat(cache.<String, String>get("pump-1")).isNull();
        assertThat(cache.remove("pump-1")).isFalse();
    }

    @Test
    void putIfAbsentKeepsTheFirstEntry() {
        assertThat(cache.putIfAbsent("pump-1", "first")).isTrue();
        assertThat(cache.putIfAbsent("pump-1", "second")).isFalse();

        assertThat(cache.computeIfAbsent("pump-1", () -> "third")).isEqualTo("first");
        assertThat(cache.<String, String>get("pump-1")).isEqualTo("first");
    }

    @Test
    void computeIfPresentUpdatesOnlyExistingEntries() {
        cache.put("pump-1", "v1");

        cache.<String>computeIfPresent("pump-1", value -> value + "+");
        cache.<String>computeIfPresent("pump-2", value -> value + "+");

        assertThat(cache.<String, String>get("pump-1")).isEqualTo("v1+");
        assertThat(cache.containsKey("pump-2")).isFalse();
    }

    @Test
    void removeAllEmptiesTheCache() {
        cache.put("pump-1", "a");
        cache.put("pump-2", "b");

        cache.removeAll();

        assertThat(cache.containsKey("pump-1")).isFalse();
        assertThat(cache.containsKey("pump-2")).isFalse();
    }

    @Test
    void entryListenersAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> cache.registerCacheEntryListener(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
