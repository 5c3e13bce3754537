package io.telemetra.command.scheduling;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Persistent deadlines for sagas and aggregates alike. Axon's Spring Boot auto-configuration
 * ({@code AxonDbSchedulerAutoConfiguration}) sees db-scheduler's {@code Scheduler} and declares the one
 * {@code DeadlineManager} bean, a {@link DbSchedulerDeadlineManager}, which Axon's configuration hands to every saga
 * and aggregate. Deadlines are rows of {@code scheduled_tasks} (Flyway V3): they survive a restart and fire on
 * whichever instance polls them first.
 * <p>
 * Only the task that runs them is replaced here, under the qualifier the auto-configuration backs off for: Axon's own
 * retries a failed deadline every 5 minutes, too slow for an acknowledgement awaited for 30 seconds.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context,
                                                               DeadlineProperties properties) {
        Task<DbSchedulerBinaryDeadlineDetails> axonTask =
                DbSchedulerDeadlineManager.binaryTask(() -> context.getBean(DbSchedulerDeadlineManager.class));
        return Tasks.oneTime(axonTask.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(properties.backoff().retryForever())
                .execute(axonTask::execute);
    }
}
