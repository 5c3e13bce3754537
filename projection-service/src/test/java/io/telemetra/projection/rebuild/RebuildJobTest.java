package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.JobState;
import io.telemetra.api.admin.RebuildProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildJobTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T12:00:00Z");

    private final RebuildJob job = new RebuildJob("rebuild-1", STARTED, null);

    @Test
    void whilePreparingThereIsNoRateAndNoEstimate() {
        RebuildProgress progress = RebuildJob.progress(job.snapshot(), STARTED.plusSeconds(3));

        assertThat(progress.state()).isEqualTo(JobState.RUNNING);
        assertThat(progress.phase()).isEqualTo("PREPARING");
        assertThat(progress.ratePerSecond()).isZero();
        assertThat(progress.etaSeconds()).isNull();
    }

    @Test
    void theRateCountsFromTheStartOfTheReplayAndTheTotalGrowsWithTheTopic() {
        job.replaying(STARTED.plusSeconds(10));
        job.progress(2000, 10_000);
        RebuildProgress early = RebuildJob.progress(job.snapshot(), STARTED.plusSeconds(12));

        job.switching();
        job.progress(10_500, 10_600);
        RebuildProgress late = RebuildJob.progress(job.snapshot(), STARTED.plusSeconds(20));

        assertThat(early.phase()).isEqualTo("REPLAYING");
        assertThat(early.ratePerSecond()).isEqualTo(1000.0);
        assertThat(early.etaSeconds()).isEqualTo(8);
        assertThat(late.phase()).isEqualTo("SWITCHING");
        assertThat(late.total()).isEqualTo(10_600);
        assertThat(late.etaSeconds()).isEqualTo(1);
    }

    @Test
    void aCompletedRebuildEndsAtItsTotal() {
        job.replaying(STARTED);
        job.progress(10_000, 10_000);
        job.progress(10_040, 10_000);
        job.completed(STARTED.plusSeconds(5));

        RebuildProgress progress = RebuildJob.progress(job.snapshot(), STARTED.plusSeconds(60));

        assertThat(progress.state()).isEqualTo(JobState.COMPLETED);
        assertThat(progress.phase()).isEqualTo("DONE");
        assertThat(progress.processed()).isEqualTo(10_040).isEqualTo(progress.total());
        assertThat(progress.etaSeconds()).isZero();
        assertThat(progress.finishedAt()).isEqualTo(STARTED.plusSeconds(5));
    }

    @Test
    void aFailedRebuildSaysWhy() {
        job.failed(STARTED.plusSeconds(1), "broker unreachable");

        assertThat(job.running()).isFalse();
        assertThat(RebuildJob.progress(job.snapshot(), STARTED.plusSeconds(2)).error()).isEqualTo("broker unreachable");
    }
}
