package io.telemetra.command.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.telemetra.jobs.JobStore;
import org.axonframework.common.DirectExecutor;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;

@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ArchiveConfiguration {

    static final String TASK_NAME = "event-archive";

    @Bean
    ArchiveStore archiveStore(ArchiveProperties properties) throws IOException {
        return new DirectoryArchiveStore(properties.directory());
    }

    /**
     * The archiver takes its snapshots with a snapshotter of its own that works in the calling thread: it must know
     * they are stored before the partition goes (the devices' snapshotter works on a thread of its own and may skip).
     */
    @Bean
    Archiver archiver(DataSource dataSource, ArchiveCatalog catalog, ArchiveStore store, ArchiveProperties properties,
                      Configuration configuration, HandlerDefinition handlerDefinition,
                      ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                      TransactionManager transactionManager, SnapshotterSpanFactory spanFactory,
                      ApplicationContext context, ObjectProvider<ArchiveCheckpoints> checkpoints,
                      ObjectMapper objectMapper, Clock clock, JobStore jobStore) {
        SpringAggregateSnapshotter snapshotter = SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(DirectExecutor.INSTANCE)
                .build();
        snapshotter.setApplicationContext(context);
        return new Archiver(dataSource, catalog, store, properties, snapshotter,
                checkpoints.getIfAvailable(() -> ArchiveCheckpoints.NONE), objectMapper, clock, jobStore);
    }

    /** The schedule: db-scheduler runs each execution on one instance of the cluster. */
    @Bean
    @ConditionalOnProperty(name = "telemetra.archive.enabled", havingValue = "true")
    RecurringTask<Void> eventArchiveTask(Archiver archiver, ArchiveProperties properties) {
        return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(properties.interval()))
                .execute((instance, context) -> archiver.runScheduled());
    }
}
