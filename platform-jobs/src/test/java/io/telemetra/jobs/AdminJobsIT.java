package io.telemetra.jobs;

import com.zaxxer.hikari.HikariDataSource;
import io.telemetra.api.admin.JobState;
import io.telemetra.testsupport.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a service, each with its own {@link JobStore}, over one real PostgreSQL: whichever instance is
 * asked answers for a job, a second start anywhere is refused while one runs, and a job whose instance stopped
 * heart-beating is reported FAILED and makes room for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminJobsIT {

    private static final Duration BEAT = Duration.ofMillis(100);
    private static final Duration DEAD_AFTER = Duration.ofMillis(600);

    private RestartablePostgres postgres;
    private HikariDataSource dataSource;

    static final class TestJob extends AdminJob {
        TestJob() {
            super(UUID.randomUUID().toString(), Instant.now());
        }
    }

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = RestartablePostgres.start();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    }

    @AfterAll
    void stopPostgres() throws Exception {
        dataSource.close();
        postgres.close();
    }

    private JobStore instance(String name, Duration beat, Duration deadAfter) {
        return new JobStore(dataSource, "jobs_test", beat, deadAfter, name);
    }

    @Test
    void anyInstanceAnswersForAJobAndASecondStartAnywhereIsRefusedWhileItRuns() {
        String kind = "rebuild-" + UUID.randomUUID();
        CountDownLatch finish = new CountDownLatch(1);
        try (AdminJobs<TestJob> first = instance("1@a", BEAT, DEAD_AFTER).jobs(kind);
             AdminJobs<TestJob> second = instance("2@b", BEAT, DEAD_AFTER).jobs(kind)) {
            TestJob job = first.start(new TestJob(), running -> {
                running.progress(40, 100);
                awaitLatch(finish);
                running.progress(100, 100);
                running.completed(Instant.now());
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> second.get(job.id()).processed() == 40);
            assertThat(second.get(job.id()).state()).isEqualTo(JobState.RUNNING);
            assertThatThrownBy(() -> second.start(new TestJob(), running -> { }))
                    .isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(job.id());
            assertThatThrownBy(second::requireNoneRunning).isInstanceOf(JobAlreadyRunningException.class);
            assertThatThrownBy(() -> first.start(new TestJob(), running -> { }))
                    .isInstanceOf(JobAlreadyRunningException.class);

            finish.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> second.get(job.id()).state() == JobState.COMPLETED);
            assertThat(second.get(job.id()).processed()).isEqualTo(100);
            TestJob next = second.start(new TestJob(), running -> running.completed(Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.get(next.id()).state() == JobState.COMPLETED);
        }
    }

    @Test
    void aJobWhoseInstanceStoppedHeartBeatingIsReportedFailedAndAnotherMayStart() {
        String kind = "republish-" + UUID.randomUUID();
        CountDownLatch never = new CountDownLatch(1);
        // The first instance records its job when it starts and then never again: as if killed right after.
        try (AdminJobs<TestJob> silent = instance("1@a", Duration.ofHours(1), Duration.ofHours(2)).jobs(kind);
             AdminJobs<TestJob> other = instance("2@b", BEAT, DEAD_AFTER).jobs(kind)) {
            TestJob job = silent.start(new TestJob(), running -> awaitLatch(never));

            await().atMost(Duration.ofSeconds(10)).until(() -> other.get(job.id()).state() == JobState.FAILED);
            JobSnapshot failed = other.get(job.id());
            assertThat(failed.error()).contains("1@a", "stopped");
            assertThat(failed.finishedAt()).isNotNull();
            TestJob next = other.start(new TestJob(), running -> running.completed(Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> other.get(next.id()).state() == JobState.COMPLETED);
            never.countDown();
        }
    }

    @Test
    void aJobRunningWhenItsInstanceStopsIsRecordedFailedAtOnce() {
        String kind = "rebuild-" + UUID.randomUUID();
        CountDownLatch never = new CountDownLatch(1);
        AdminJobs<TestJob> stopping = instance("1@a", BEAT, DEAD_AFTER).jobs(kind);
        TestJob job = stopping.start(new TestJob(), running -> awaitLatch(never));

        stopping.close();

        try (AdminJobs<TestJob> other = instance("2@b", Duration.ofHours(1), Duration.ofHours(2)).jobs(kind)) {
            assertThat(other.get(job.id())).extracting(JobSnapshot::state, JobSnapshot::error)
                    .containsExactly(JobState.FAILED, "its instance 1@a stopped");
            other.requireNoneRunning();
        }
    }

    @Test
    void aJobNoInstanceRanIsNotFound() {
        try (AdminJobs<TestJob> jobs = instance("1@a", BEAT, DEAD_AFTER).jobs("re-publication")) {
            assertThatThrownBy(() -> jobs.get("nope")).isInstanceOf(JobNotFoundException.class)
                    .hasMessage("no re-publication nope");
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
