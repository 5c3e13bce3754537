package io.telemetra.command.device;

import io.telemetra.command.eventstore.CaffeineAggregateCache;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeviceRepositoryConfiguration {

    @Bean
    Cache deviceCache(DeviceProperties properties) {
        return new CaffeineAggregateCache(properties.cacheSize());
    }

    @Bean
    SnapshotTriggerDefinition deviceSnapshotTrigger(Snapshotter snapshotter, DeviceProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /** Only snapshots of the current shape of {@link Device} are used; older ones fall back to the events. */
    @Bean
    SnapshotFilter deviceSnapshotFilter() {
        return snapshot -> Device.SNAPSHOT_REVISION.equals(snapshot.getPayload().getType().getRevision());
    }
}
