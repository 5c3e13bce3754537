package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.RebuildProgress;
import io.telemetra.jobs.AdminJob;

import java.time.Instant;

/** One rebuild: its progress, its phase, and the records it had to park. */
final class RebuildJob extends AdminJob {

    enum Phase {
        PREPARING, REPLAYING, SWITCHING, DONE
    }

    private volatile Phase phase = Phase.PREPARING;
    private volatile Instant replayStartedAt;
    private volatile long parked;

    RebuildJob(String id, Instant startedAt) {
        super(id, startedAt);
    }

    void replaying(Instant at) {
        replayStartedAt = at;
        phase = Phase.REPLAYING;
    }

    void switching() {
        phase = Phase.SWITCHING;
    }

    void parked(int records) {
        parked += records;
    }

    long parked() {
        return parked;
    }

    /** Done: everything there was to replay is replayed. */
    @Override
    public void completed(Instant at) {
        progress(processed(), processed());
        phase = Phase.DONE;
        super.completed(at);
    }

    /** The rate counts from the start of the replay, not from the preparation of the schema. */
    RebuildProgress progress(Instant now) {
        Figures figures = figures(now, replayStartedAt);
        return new RebuildProgress(figures.id(), figures.state(), phase.name(), figures.processed(), figures.total(),
                figures.ratePerSecond(), figures.etaSeconds(), figures.startedAt(), figures.finishedAt(),
                figures.error());
    }
}
