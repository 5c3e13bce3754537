package io.telemetra.command.device.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param snapshotThreshold events loaded and applied since the last snapshot after which a new one is taken: loading a
 *                          device never replays more than about this many events
 * @param cacheSize         devices kept loaded in memory; size it to the devices active at once, since a miss costs
 *                          loading the last snapshot and the events after it
 */
@ConfigurationProperties("telemetra.device")
public record DeviceProperties(
        @DefaultValue("500") int snapshotThreshold,
        @DefaultValue("10000") long cacheSize) {

    public DeviceProperties {
        if (snapshotThreshold < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("telemetra.device.snapshot-threshold and cache-size must be at least 1");
        }
    }
}
