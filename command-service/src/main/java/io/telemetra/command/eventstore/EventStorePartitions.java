package io.telemetra.command.eventstore;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps a day partition of reading events ready for today and the next days (V5__partitioned_event_store.sql), so that
 * readings do not pile up in the default partition: at start-up and every hour, on one instance at a time
 * (db-scheduler). Creating one that exists is a no-op, so instances may race harmlessly.
 */
@Configuration(proxyBeanMethods = false)
class EventStorePartitions {

    private static final Logger log = LoggerFactory.getLogger(EventStorePartitions.class);
    static final String TASK_NAME = "event-store-partitions";
    /** Days ahead: the schedule may miss a day or two (every instance down) without readings going to the default. */
    private static final int DAYS_AHEAD = 3;

    @Bean
    ApplicationRunner eventStorePartitionsAtStartup(JdbcTemplate jdbc, Clock clock) {
        return (ApplicationArguments arguments) -> ensure(jdbc, clock);
    }

    @Bean
    RecurringTask<Void> eventStorePartitionsTask(JdbcTemplate jdbc, Clock clock) {
        return Tasks.recurring(TASK_NAME, Schedules.fixedDelay(Duration.ofHours(1)))
                .execute((instance, context) -> ensure(jdbc, clock));
    }

    static void ensure(JdbcTemplate jdbc, Clock clock) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Integer created = jdbc.queryForObject("select ensure_reading_event_partitions(?, ?)", Integer.class, today,
                today.plusDays(DAYS_AHEAD));
        if (created != null && created > 0) {
            log.info("Created {} day partition(s) of reading events up to {}", created, today.plusDays(DAYS_AHEAD));
        }
    }
}
