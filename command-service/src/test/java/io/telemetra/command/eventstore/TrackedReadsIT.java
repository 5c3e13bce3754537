package io.telemetra.command.eventstore;

import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.command.IntegrationTestBase;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's tracked reads ({@link PartitionedEventStorageEngine}) hand out what Axon's own JDBC engine hands out for
 * the same rows: the same events, timestamps and tokens, gaps included.
 */
class TrackedReadsIT extends IntegrationTestBase {

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private Serializer serializer;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    @Autowired
    private PersistenceExceptionResolver persistenceExceptionResolver;

    @Autowired
    private TransactionManager axonTransactionManager;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private DataSource dataSource;

    @Test
    void readsTheRowsAsAxonsEngineReadsThemGapsIncluded() {
        TrackingToken before = storageEngine.createHeadToken();
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 3));
        // A rolled-back append leaves its global indexes unused: a gap.
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            storageEngine.appendEvents(events(newDeviceId(), 0, 2));
            status.setRollbackOnly();
        });
        append(events(deviceId, 3, 5));

        List<? extends TrackedEventMessage<?>> ours = read(storageEngine, before);
        List<? extends TrackedEventMessage<?>> axons = read(axonsEngine(), before);

        assertThat(ours).hasSizeGreaterThanOrEqualTo(5).hasSameSizeAs(axons);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i).trackingToken()).isEqualTo(axons.get(i).trackingToken());
            assertThat(ours.get(i).getIdentifier()).isEqualTo(axons.get(i).getIdentifier());
            assertThat(ours.get(i).getTimestamp()).isEqualTo(axons.get(i).getTimestamp());
            assertThat(ours.get(i).getPayload()).isEqualTo(axons.get(i).getPayload());
            assertThat(ours.get(i).getMetaData()).isEqualTo(axons.get(i).getMetaData());
        }
        assertThat(ours.stream().filter(event -> event.getPayload() instanceof DeviceUpdatedEvent updated
                && updated.deviceId().equals(deviceId))).hasSize(5);
        assertThat(ours.get(ours.size() - 1).trackingToken().toString()).as("the rolled-back append's gap")
                .isEqualTo(axons.get(axons.size() - 1).trackingToken().toString()).contains("gaps=[");
    }

    /** The event table's partitions are all scanned by a tracked read: it is planned once, not at every read. */
    @Test
    void aTrackedReadAsksForTheGenericPlan() {
        append(events(newDeviceId(), 0, 1));

        String mode = new TransactionTemplate(transactionManager).execute(status -> {
            try (var events = storageEngine.readEvents(null, false)) {
                events.findFirst();
            }
            return jdbc.queryForObject("show plan_cache_mode", String.class);
        });

        assertThat(mode).isEqualTo("force_generic_plan");
        assertThat(jdbc.queryForObject("show plan_cache_mode", String.class)).as("outside the read's transaction")
                .isEqualTo("auto");
    }

    private List<? extends TrackedEventMessage<?>> read(EventStorageEngine engine, TrackingToken from) {
        return new TransactionTemplate(transactionManager).execute(status -> {
            try (var events = engine.readEvents(from, false)) {
                return events.toList();
            }
        });
    }

    private JdbcEventStorageEngine axonsEngine() {
        return JdbcEventStorageEngine.builder()
                .schema(EventStoreConfiguration.SCHEMA)
                .dataType(byte[].class)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(axonTransactionManager)
                .build();
    }

    private void append(List<DomainEventMessage<?>> events) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> storageEngine.appendEvents(events));
    }

    private static List<DomainEventMessage<?>> events(String deviceId, long from, long to) {
        return LongStream.range(from, to).<DomainEventMessage<?>>mapToObj(sequence -> new GenericDomainEventMessage<>(
                "Device", deviceId, sequence, new DeviceUpdatedEvent(deviceId, "name " + sequence, null, null,
                Map.of(), Instant.now()))).toList();
    }
}
