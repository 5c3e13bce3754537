package io.telemetra.jobs;

import io.telemetra.api.admin.JobState;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One job as any instance sees it: as its own instance last recorded it in the job table, or as it is right now on the
 * instance running it. What is particular to a kind of job (a rebuild's phase, a re-publication's start) is in
 * {@code details}.
 *
 * @param workStartedAt when the work the rate measures began, or null while it has not (the rate is then 0)
 */
public record JobSnapshot(String id, JobState state, long processed, long total, Instant startedAt,
                          Instant workStartedAt, Instant finishedAt, String error, Map<String, String> details) {

    public JobSnapshot {
        details = Map.copyOf(details);
    }

    /** Processed per second since the work started (until it finished), one decimal. */
    public double ratePerSecond(Instant now) {
        if (workStartedAt == null) {
            return 0;
        }
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Math.max(Duration.between(workStartedAt, end).toMillis(), 1) / 1000.0;
        return Math.round(processed / seconds * 10) / 10.0;
    }

    /** Seconds left at the rate so far: 0 once finished, null while no rate is known. */
    public Long etaSeconds(Instant now) {
        if (state != JobState.RUNNING) {
            return 0L;
        }
        double rate = ratePerSecond(now);
        return rate > 0 ? Long.valueOf((long) Math.ceil((total - processed) / rate)) : null;
    }

    public String detail(String name) {
        return details.get(name);
    }

    JobSnapshot failed(Instant at, String reason) {
        return new JobSnapshot(id, JobState.FAILED, processed, total, startedAt, workStartedAt, at, reason, details);
    }
}
