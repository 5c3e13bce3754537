package io.telemetra.projection.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.telemetra.projection.config.TelemetraProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures, for each partition this instance owns, how many records the projection has not applied yet: the end
 * offset (read-committed) minus the group's committed offset, which the container commits only after the database
 * transaction. Publishes it per partition to Prometheus and, as the {@code projectionLag} health contributor of the
 * readiness group, turns DOWN when the lag exceeds {@code telemetra.projection.max-lag} or the projection has stopped
 * advancing for {@code telemetra.projection.stuck-after} with records waiting. Offsets come from an admin client:
 * the consumer itself belongs to its own thread.
 */
@Component("projectionLagHealthIndicator")
class ProjectionLagMonitor implements HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionLagMonitor.class);
    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final KafkaListenerEndpointRegistry listeners;
    private final String consumerGroup;
    private final TelemetraProperties.Projection settings;
    private final PartitionLagTracker tracker = new PartitionLagTracker(Instant.now());
    private final MultiGauge lagGauge;
    private volatile boolean failing;

    ProjectionLagMonitor(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners,
                         TelemetraProperties properties, MeterRegistry meterRegistry) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.listeners = listeners;
        this.consumerGroup = properties.kafka().consumerGroup();
        this.settings = properties.projection();
        this.lagGauge = MultiGauge.builder("telemetra.projection.partition.lag")
                .description("Records of a partition owned by this instance not applied yet: end offset minus"
                        + " committed offset")
                .baseUnit("records")
                .register(meterRegistry);
    }

    @Scheduled(fixedDelayString = "${telemetra.projection.lag-check-interval:5s}")
    void measure() {
        MessageListenerContainer container = listeners.getListenerContainer(DeviceEventsListener.LISTENER_ID);
        Collection<TopicPartition> assigned = container == null ? null : container.getAssignedPartitions();
        try {
            Map<TopicPartition, PartitionLagTracker.Offsets> offsets =
                    assigned == null || assigned.isEmpty() ? Map.of() : offsets(assigned);
            tracker.record(offsets, Instant.now());
            lagGauge.register(offsets.entrySet().stream()
                    .map(entry -> MultiGauge.Row.of(Tags.of("topic", entry.getKey().topic(),
                            "partition", String.valueOf(entry.getKey().partition())), entry.getValue().lag()))
                    .toList(), true);
            if (failing) {
                failing = false;
                log.info("Projection lag measured again");
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot measure the projection lag (the health turns DOWN after {}): {}",
                        settings.stuckAfter(), e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Health health() {
        PartitionLagTracker.Assessment assessment = tracker.assess(Instant.now(), settings.maxLag(),
                settings.stuckAfter());
        return (assessment.healthy() ? Health.up() : Health.down()).withDetails(assessment.details()).build();
    }

    private Map<TopicPartition, PartitionLagTracker.Offsets> offsets(Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(Map.of(consumerGroup, new ListConsumerGroupOffsetsSpec()
                        .topicPartitions(partitions)))
                .partitionsToOffsetAndMetadata(consumerGroup)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = listOffsets(partitions, OffsetSpec.latest());
        // A partition the group never committed on is read from its beginning (auto-offset-reset: earliest).
        List<TopicPartition> uncommitted = partitions.stream()
                .filter(partition -> committed.get(partition) == null).toList();
        Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of()
                : listOffsets(uncommitted, OffsetSpec.earliest());
        Map<TopicPartition, PartitionLagTracker.Offsets> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            long position = commit != null ? commit.offset() : starts.get(partition);
            offsets.put(partition, new PartitionLagTracker.Offsets(position, ends.get(partition)));
        }
        return offsets;
    }

    private Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return result.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(5));
    }
}
