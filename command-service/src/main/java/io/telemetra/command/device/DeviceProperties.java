package io.telemetra.command.device;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param snapshotThreshold events loaded and applied since the last snapshot after which a new one is taken: loading a
 *                          device never replays more than about this many events
 * @param cacheSize         devices kept loaded in memory; size it to the devices active at once, since a miss costs
 *                          loading the last snapshot and the events after it
 * @param deduplication     how many recent reading ids each device remembers to recognise a reading delivered twice
 */
@ConfigurationProperties("telemetra.device")
public record DeviceProperties(
        @DefaultValue("500") int snapshotThreshold,
        @DefaultValue("10000") long cacheSize,
        @DefaultValue Deduplication deduplication) {

    public DeviceProperties {
        if (snapshotThreshold < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("telemetra.device.snapshot-threshold and cache-size must be at least 1");
        }
    }

    /**
     * The bounds of each device's memory of recorded reading ids (see {@link RecentReadingIds}). Each remembered id
     * costs about 150 bytes of heap in every cached device and about 60 bytes in its snapshots.
     *
     * @param maxIds  ids remembered per device; at least the largest batch one command can carry, so that a whole
     *                request or Kafka poll sent again is recognised
     * @param horizon how much older (by ingestion time) than the newest recorded reading a remembered id may be
     */
    public record Deduplication(
            @DefaultValue("1000") int maxIds,
            @DefaultValue("10m") Duration horizon) {

        public Deduplication {
            if (maxIds < 1 || horizon.isNegative() || horizon.isZero()) {
                throw new IllegalArgumentException("telemetra.device.deduplication bounds must be positive");
            }
        }
    }
}
