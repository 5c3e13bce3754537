package io.telemetra.command.device;

import io.telemetra.command.eventstore.CaffeineAggregateCache;
import io.telemetra.command.telemetry.IngestionProperties;
import io.telemetra.command.telemetry.TelemetryConsumerProperties;
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

    /**
     * Injected into the Device's handlers. One command must not carry more readings than a device remembers, or a
     * request or poll delivered twice would be partly recorded twice.
     */
    @Bean
    DeviceProperties.Deduplication readingDeduplication(DeviceProperties properties, IngestionProperties ingestion,
                                                        TelemetryConsumerProperties consumer) {
        int maxIds = properties.deduplication().maxIds();
        if (maxIds < ingestion.maxBatchSize() || maxIds < consumer.maxPollRecords()) {
            throw new IllegalStateException("telemetra.device.deduplication.max-ids must be at least "
                    + "telemetra.ingestion.max-batch-size and telemetra.telemetry-consumer.max-poll-records");
        }
        return properties.deduplication();
    }

    /** Only snapshots of the current shape of {@link Device} are used; older ones fall back to the events. */
    @Bean
    SnapshotFilter deviceSnapshotFilter() {
        return snapshot -> Device.SNAPSHOT_REVISION.equals(snapshot.getPayload().getType().getRevision());
    }
}
