package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.JobState;
import io.telemetra.api.admin.RebuildProgress;

import java.time.Duration;
import java.time.Instant;

/** The progress of one rebuild, written by its worker thread and read by requests. */
final class RebuildJob {

    enum Phase {
        PREPARING, REPLAYING, SWITCHING, DONE
    }

    private final String id;
    private final Instant startedAt;
    private volatile JobState state = JobState.RUNNING;
    private volatile Phase phase = Phase.PREPARING;
    private volatile Instant replayStartedAt;
    private volatile long processed;
    private volatile long total;
    private volatile long parked;
    private volatile Instant finishedAt;
    private volatile String error;

    RebuildJob(String id, Instant startedAt) {
        this.id = id;
        this.startedAt = startedAt;
    }

    String id() {
        return id;
    }

    boolean running() {
        return state == JobState.RUNNING;
    }

    void replaying(Instant at) {
        replayStartedAt = at;
        phase = Phase.REPLAYING;
    }

    void switching() {
        phase = Phase.SWITCHING;
    }

    /** @param total what there is to replay now; the topic grows while events keep arriving */
    void progress(long processed, long total) {
        this.total = Math.max(total, processed);
        this.processed = processed;
    }

    void parked(int records) {
        parked += records;
    }

    long parked() {
        return parked;
    }

    void completed(Instant at) {
        total = processed;
        finishedAt = at;
        phase = Phase.DONE;
        state = JobState.COMPLETED;
    }

    void failed(Instant at, String reason) {
        error = reason;
        finishedAt = at;
        state = JobState.FAILED;
    }

    RebuildProgress progress(Instant now) {
        long done = processed;
        long all = total;
        Instant from = replayStartedAt != null ? replayStartedAt : startedAt;
        Instant end = finishedAt != null ? finishedAt : now;
        double seconds = Math.max(Duration.between(from, end).toMillis(), 1) / 1000.0;
        double rate = replayStartedAt == null ? 0 : done / seconds;
        Long eta = state != JobState.RUNNING ? Long.valueOf(0)
                : rate > 0 ? Long.valueOf((long) Math.ceil((all - done) / rate)) : null;
        return new RebuildProgress(id, state, phase.name(), done, all, Math.round(rate * 10) / 10.0, eta, startedAt,
                finishedAt, error);
    }
}
