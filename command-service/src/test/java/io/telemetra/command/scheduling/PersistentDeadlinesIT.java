package io.telemetra.command.scheduling;

import io.telemetra.command.IntegrationTestBase;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersistentDeadlinesIT extends IntegrationTestBase {

    @Autowired
    private DeadlineManager deadlineManager;

    @Autowired
    private Configuration axonConfiguration;

    @Test
    void sagasAndAggregatesShareOneDeadlineManagerBackedByTheDatabase() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(axonConfiguration.deadlineManager()).isSameAs(deadlineManager);
    }

    @Test
    void aScheduledDeadlineIsARowOfTheFlywayManagedTableUntilItIsCancelled() {
        Instant due = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        String id = deadlineManager.schedule(due, "persistent-deadlines-it", "payload",
                new AggregateScopeDescriptor("Device", newDeviceId()));

        assertThat(executionTimes(id)).singleElement()
                .satisfies(time -> assertThat(time.toInstant()).isEqualTo(due));

        deadlineManager.cancelSchedule("persistent-deadlines-it", id);
        assertThat(executionTimes(id)).isEmpty();
    }

    private List<Timestamp> executionTimes(String deadlineId) {
        return jdbc.queryForList("""
                select execution_time from scheduled_tasks where task_name = 'AxonDeadline' and task_instance = ?""",
                Timestamp.class, deadlineId);
    }
}
