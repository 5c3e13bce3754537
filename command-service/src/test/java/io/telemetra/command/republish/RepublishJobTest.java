package io.telemetra.command.republish;

import io.telemetra.api.admin.JobState;
import io.telemetra.api.admin.RepublishProgress;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RepublishJobTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant FROM = Instant.parse("2026-02-01T00:00:00Z");

    private final RepublishJob job = new RepublishJob("job-1", FROM, STARTED);

    @Test
    void aJobJustStartedHasNoRateAndNoEstimateYet() {
        job.progress(0, 1000);

        RepublishProgress progress = RepublishJob.progress(job.snapshot(), STARTED);

        assertThat(progress.state()).isEqualTo(JobState.RUNNING);
        assertThat(progress.processed()).isZero();
        assertThat(progress.ratePerSecond()).isZero();
        assertThat(progress.etaSeconds()).isNull();
        assertThat(progress.from()).isEqualTo(FROM);
    }

    @Test
    void theRateIsSinceTheStartAndTheEstimateIsWhatIsLeftAtThatRate() {
        job.progress(400, 1000);

        RepublishProgress progress = RepublishJob.progress(job.snapshot(), STARTED.plusSeconds(4));

        assertThat(progress.ratePerSecond()).isEqualTo(100.0);
        assertThat(progress.etaSeconds()).isEqualTo(6);
        assertThat(progress.finishedAt()).isNull();
    }

    @Test
    void aCompletedJobKeepsItsFiguresAsOfItsEnd() {
        job.progress(1000, 1000);
        job.completed(STARTED.plusSeconds(10));

        RepublishProgress progress = RepublishJob.progress(job.snapshot(), STARTED.plusSeconds(3600));

        assertThat(progress.state()).isEqualTo(JobState.COMPLETED);
        assertThat(progress.ratePerSecond()).isEqualTo(100.0);
        assertThat(progress.etaSeconds()).isZero();
        assertThat(progress.finishedAt()).isEqualTo(STARTED.plusSeconds(10));
        assertThat(job.running()).isFalse();
    }

    @Test
    void aFailedJobSaysWhy() {
        job.failed(STARTED.plusSeconds(1), "broker unreachable");

        RepublishProgress progress = RepublishJob.progress(job.snapshot(), STARTED.plusSeconds(2));

        assertThat(progress.state()).isEqualTo(JobState.FAILED);
        assertThat(progress.error()).isEqualTo("broker unreachable");
    }
}
