package io.telemetra.command.device.config;

import io.telemetra.command.device.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.eventstore.CaffeineAggregateCache;
import io.telemetra.command.eventstore.StreamVersions;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class DeviceRepositoryConfiguration {

    @Bean
    Cache deviceCache(DeviceProperties properties) {
        return new CaffeineAggregateCache(properties.cacheSize());
    }

    /** Axon's repository for {@link Device}, cached, whose cached devices are checked against the store first. */
    @Bean
    EventSourcingRepository<Device> deviceRepository(Configuration configuration, EventStore eventStore,
                                                     Cache deviceCache, CommittedStateSnapshots deviceSnapshotTrigger,
                                                     StreamVersions versions, MeterRegistry meterRegistry) {
        EventSourcingRepository.Builder<Device> builder = EventSourcingRepository.builder(Device.class)
                .aggregateModel(AnnotatedAggregateMetaModelFactory.inspectAggregate(Device.class,
                        configuration.parameterResolverFactory(), configuration.handlerDefinition(Device.class)))
                .eventStore(eventStore)
                .snapshotTriggerDefinition(deviceSnapshotTrigger)
                .repositoryProvider(configuration::repository)
                .spanFactory(configuration.getComponent(RepositorySpanFactory.class));
        Counter refreshed = Counter.builder("telemetra.devices.cache.refreshed")
                .description("Cached devices found behind the event store (another instance wrote their stream) and "
                        + "loaded from the store instead")
                .register(meterRegistry);
        return new VersionCheckedRepository<>(builder, deviceCache, versions, refreshed, deviceSnapshotTrigger);
    }

    /**
     * Axon's snapshotter, which replays a stream since its last snapshot: for the loads {@link CommittedStateSnapshots}
     * cannot copy. Its default works in the thread that committed the triggering command, which on the ingestion path
     * stalls a whole Kafka poll or request; snapshots are an optimisation, so they are taken on a thread of their own,
     * and skipped (the next trigger takes one) when that thread has too much to do.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory,
                                                    ThreadPoolExecutor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor)
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor snapshotExecutor() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
                new CustomizableThreadFactory("device-snapshots-"), new ThreadPoolExecutor.DiscardPolicy());
    }

    @Bean
    CommittedStateSnapshots deviceSnapshotTrigger(DeviceProperties properties, Serializer serializer,
                                                  EventStore eventStore, TransactionManager transactionManager,
                                                  ThreadPoolExecutor snapshotExecutor, Snapshotter snapshotter) {
        return new CommittedStateSnapshots(properties.snapshotThreshold(), serializer, eventStore, transactionManager,
                snapshotExecutor, snapshotter);
    }

    /** Only snapshots of the current shape of {@link Device} are used; older ones fall back to the events. */
    @Bean
    SnapshotFilter deviceSnapshotFilter() {
        return snapshot -> Device.SNAPSHOT_REVISION.equals(snapshot.getPayload().getType().getRevision());
    }

    @Bean
    CommandTargetResolver deviceCommandTargetResolver() {
        return new CachedCommandTargets();
    }
}
