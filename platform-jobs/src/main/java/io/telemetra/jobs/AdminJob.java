package io.telemetra.jobs;

import io.telemetra.api.admin.JobState;

import java.time.Instant;
import java.util.Map;

/**
 * The progress of one administrative job on the instance running it, written by its worker thread; {@link AdminJobs}
 * records it in the job table at every heartbeat, and at the end. A job adds what is its own through
 * {@link #details()} (a rebuild's phase, a re-publication's start).
 */
public abstract class AdminJob {

    private final String id;
    private final Instant startedAt;
    private volatile JobState state = JobState.RUNNING;
    private volatile long processed;
    private volatile long total;
    private volatile Instant finishedAt;
    private volatile String error;

    protected AdminJob(String id, Instant startedAt) {
        this.id = id;
        this.startedAt = startedAt;
    }

    public String id() {
        return id;
    }

    public boolean running() {
        return state == JobState.RUNNING;
    }

    public long processed() {
        return processed;
    }

    public long total() {
        return total;
    }

    /** @param total what there is to process now; never below what is processed already */
    public void progress(long processed, long total) {
        this.total = Math.max(total, processed);
        this.processed = processed;
    }

    public void completed(Instant at) {
        total = Math.max(total, processed);
        finishedAt = at;
        state = JobState.COMPLETED;
    }

    public void failed(Instant at, String reason) {
        error = reason;
        finishedAt = at;
        state = JobState.FAILED;
    }

    /** What this job looks like now, as it is recorded and answered. */
    public JobSnapshot snapshot() {
        return new JobSnapshot(id, state, processed, total, startedAt, workStartedAt(), finishedAt, error, details());
    }

    /** When the work the rate measures began, or null while it has not: by default when the job started. */
    protected Instant workStartedAt() {
        return startedAt;
    }

    /** What is particular to this kind of job, recorded with its progress. */
    protected Map<String, String> details() {
        return Map.of();
    }

    protected Instant startedAt() {
        return startedAt;
    }
}
