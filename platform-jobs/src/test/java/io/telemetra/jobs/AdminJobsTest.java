package io.telemetra.jobs;

import io.telemetra.api.admin.JobState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminJobsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static final class TestJob extends AdminJob {
        TestJob(String id) {
            super(id, T0);
        }

        Figures at(Instant now) {
            return figures(now, startedAt());
        }
    }

    @Test
    void oneJobRunsAtATimeAndAFinishedOneMakesRoomForTheNext() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (AdminJobs<TestJob> jobs = new AdminJobs<>("rebuild")) {
            jobs.start(new TestJob("a"), job -> {
                await(release);
                job.completed(T0.plusSeconds(1));
                done.countDown();
            });

            assertThatThrownBy(() -> jobs.start(new TestJob("b"), job -> { }))
                    .isInstanceOf(JobAlreadyRunningException.class).hasMessage("rebuild a is still running");
            release.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(jobs.start(new TestJob("b"), job -> { }).id()).isEqualTo("b");
            assertThat(jobs.get("a").running()).isFalse();
        }
    }

    @Test
    void aJobThisInstanceNeverRanIsNotFound() {
        try (AdminJobs<TestJob> jobs = new AdminJobs<>("re-publication")) {
            assertThatThrownBy(() -> jobs.get("nope")).isInstanceOf(JobNotFoundException.class)
                    .hasMessage("no re-publication nope on this instance");
        }
    }

    @Test
    void progressShowsTheRateAndWhatIsLeftAtThatRate() {
        TestJob job = new TestJob("a");
        job.progress(500, 2000);

        AdminJob.Figures running = job.at(T0.plusSeconds(10));
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.ratePerSecond()).isEqualTo(50.0);
        assertThat(running.etaSeconds()).isEqualTo(30);

        job.progress(2100, 2000);
        job.completed(T0.plusSeconds(20));
        AdminJob.Figures completed = job.at(T0.plusSeconds(99));
        assertThat(completed.total()).as("never below what was processed").isEqualTo(2100);
        assertThat(completed.etaSeconds()).isZero();
        assertThat(completed.ratePerSecond()).as("until it finished").isEqualTo(105.0);
    }

    @Test
    void aFailedJobSaysWhy() {
        TestJob job = new TestJob("a");
        job.failed(T0.plusSeconds(1), "the topic lost history");

        assertThat(job.at(T0.plusSeconds(5))).extracting(AdminJob.Figures::state, AdminJob.Figures::error)
                .containsExactly(JobState.FAILED, "the topic lost history");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
