package io.telemetra.jobs;

import io.telemetra.api.admin.JobState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static final class TestJob extends AdminJob {
        TestJob(String id) {
            super(id, T0);
        }

        @Override
        protected Map<String, String> details() {
            return Map.of("phase", "REPLAYING");
        }
    }

    @Test
    void progressShowsTheRateAndWhatIsLeftAtThatRate() {
        TestJob job = new TestJob("a");
        job.progress(500, 2000);

        JobSnapshot running = job.snapshot();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.ratePerSecond(T0.plusSeconds(10))).isEqualTo(50.0);
        assertThat(running.etaSeconds(T0.plusSeconds(10))).isEqualTo(30);
        assertThat(running.detail("phase")).isEqualTo("REPLAYING");

        job.progress(2100, 2000);
        job.completed(T0.plusSeconds(20));
        JobSnapshot completed = job.snapshot();
        assertThat(completed.total()).as("never below what was processed").isEqualTo(2100);
        assertThat(completed.etaSeconds(T0.plusSeconds(99))).isZero();
        assertThat(completed.ratePerSecond(T0.plusSeconds(99))).as("until it finished").isEqualTo(105.0);
    }

    @Test
    void aFailedJobSaysWhy() {
        TestJob job = new TestJob("a");
        job.failed(T0.plusSeconds(1), "the topic lost history");

        assertThat(job.snapshot()).extracting(JobSnapshot::state, JobSnapshot::error)
                .containsExactly(JobState.FAILED, "the topic lost history");
    }

    @Test
    void noRateIsKnownBeforeTheWorkStarts() {
        JobSnapshot preparing = new JobSnapshot("a", JobState.RUNNING, 0, 100, T0, null, null, null, Map.of());

        assertThat(preparing.ratePerSecond(T0.plusSeconds(5))).isZero();
        assertThat(preparing.etaSeconds(T0.plusSeconds(5))).isNull();
    }
}
