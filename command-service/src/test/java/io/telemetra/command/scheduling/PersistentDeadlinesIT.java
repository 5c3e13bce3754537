package io.telemetra.command.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.telemetra.command.IntegrationTestBase;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class PersistentDeadlinesIT extends IntegrationTestBase {

    @Autowired
    private DeadlineManager deadlineManager;

    @Autowired
    private Configuration axonConfiguration;

    @Autowired
    private Scheduler scheduler;

    @Test
    void sagasAndAggregatesShareOneDeadlineManagerBackedByTheDatabase() {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(axonConfiguration.deadlineManager()).isSameAs(deadlineManager);
    }

    @Test
    void theSchedulerPollsTheFlywayManagedTable() {
        assertThat(scheduler.getSchedulerState().isStarted()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class)).isNotNull();
    }
}
