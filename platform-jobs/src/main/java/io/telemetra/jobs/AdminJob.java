package io.telemetra.jobs;

import io.telemetra.api.admin.JobState;

import java.time.Duration;
import java.time.Instant;

/**
 * The progress of one administrative job, written by its worker thread and read by requests: its state, what it has
 * processed of how much, and how fast. A job adds what is its own (a rebuild's phase, a re-publication's start).
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

    /**
     * What the job's progress answer shows at {@code now}.
     *
     * @param ratePerSecond processed per second since the work started, one decimal
     * @param etaSeconds    seconds left at that rate: 0 once finished, null while no rate is known
     */
    public record Figures(String id, JobState state, long processed, long total, double ratePerSecond,
                         Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {
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

    /**
     * @param workStartedAt when the work the rate measures began, or null while it has not (the rate is then 0)
     */
    protected Figures figures(Instant now, Instant workStartedAt) {
        long done = processed;
        long all = total;
        Instant end = finishedAt != null ? finishedAt : now;
        double rate = 0;
        if (workStartedAt != null) {
            double seconds = Math.max(Duration.between(workStartedAt, end).toMillis(), 1) / 1000.0;
            rate = done / seconds;
        }
        Long eta = state != JobState.RUNNING ? Long.valueOf(0)
                : rate > 0 ? Long.valueOf((long) Math.ceil((all - done) / rate)) : null;
        return new Figures(id, state, done, all, Math.round(rate * 10) / 10.0, eta, startedAt, finishedAt, error);
    }

    protected Instant startedAt() {
        return startedAt;
    }
}
