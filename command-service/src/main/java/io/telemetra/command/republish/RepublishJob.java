package io.telemetra.command.republish;

import io.telemetra.api.admin.JobState;
import io.telemetra.api.admin.RepublishProgress;

import java.time.Duration;
import java.time.Instant;

/** The progress of one re-publication, written by its worker thread and read by requests. */
final class RepublishJob {

    private final String id;
    private final Instant from;
    private final Instant startedAt;
    private volatile JobState state = JobState.RUNNING;
    private volatile long processed;
    private volatile long total;
    private volatile Instant finishedAt;
    private volatile String error;

    RepublishJob(String id, Instant from, Instant startedAt) {
        this.id = id;
        this.from = from;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
    }

    Instant from() {
        return from;
    }

    boolean running() {
        return state == JobState.RUNNING;
    }

    long total() {
        return total;
    }

    void total(long total) {
        this.total = total;
    }

    void processed(long processed) {
        this.processed = processed;
    }

    void completed(Instant at) {
        finishedAt = at;
        state = JobState.COMPLETED;
    }

    void failed(Instant at, String reason) {
        error = reason;
        finishedAt = at;
        state = JobState.FAILED;
    }

    RepublishProgress progress(Instant now) {
        long done = processed;
        long all = total;
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Math.max(Duration.between(startedAt, end).toMillis(), 1) / 1000.0;
        double rate = done / seconds;
        Long eta = state != JobState.RUNNING ? Long.valueOf(0)
                : rate > 0 ? Long.valueOf((long) Math.ceil((all - done) / rate)) : null;
        return new RepublishProgress(id, state, from, done, all, Math.round(rate * 10) / 10.0, eta, startedAt,
                finishedAt, error);
    }
}
