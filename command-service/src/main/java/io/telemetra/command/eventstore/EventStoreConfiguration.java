package io.telemetra.command.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * The event store writes through Axon's JDBC engine rather than its JPA one: one multi-row INSERT per unit of work
 * ({@code reWriteBatchedInserts}) with {@code global_index} drawn by PostgreSQL (see V2__global_index_drawn_at_insert),
 * appends taking turns so that events become visible in index order ({@link AppendsInIndexOrder}), tracked reads
 * parsing each event's timestamp once and loads after a snapshot reading only the days that can hold their events
 * ({@link PartitionedEventStorageEngine}).
 * The tables are the same ones (Flyway's V1, named as the JPA entities name them); tokens, sagas and dead letters stay
 * with JPA, in the same transaction, since Spring hands both the same connection.
 * <p>
 * The JPA engine either pays a {@code nextval} round trip per event (increment 1) or reserves blocks of ids per JVM
 * (increment 50), which puts a second instance's events far behind the head, where tracking processors may skip them;
 * this engine draws ids in insert order and was the fastest of the three (docs/performance.md, "Settings chosen by
 * measurement").
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    static final EventSchema SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /** Rows per query when a stream is read: the tracking processors' batches and a device's events since its snapshot. */
    private static final int READ_BATCH_SIZE = 500;

    /** The JDBC engine, completing streams from the archive where events were moved out (see ArchivedStreams). */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          Configuration configuration, DataSource dataSource,
                                          TransactionManager transactionManager, ArchivedStreams archive) {
        JdbcEventStorageEngine hot = new PartitionedEventStorageEngine(PartitionedEventStorageEngine.configuredBuilder()
                .schema(SCHEMA)
                .dataType(byte[].class)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .transactionManager(transactionManager)
                .batchSize(READ_BATCH_SIZE)
                .appendEvents(new AppendsInIndexOrder()));
        return new ArchiveAwareStorageEngine(hot, archive, eventSerializer, configuration::upcasterChain,
                new JdbcTemplate(dataSource));
    }

    /** Axon's auto-configured store, as {@link CommittedEventStore}. */
    @Bean
    EventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return new CommittedEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)));
    }
}
