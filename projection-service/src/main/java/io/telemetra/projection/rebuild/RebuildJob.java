package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.RebuildProgress;
import io.telemetra.jobs.AdminJob;
import io.telemetra.jobs.JobSnapshot;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One rebuild: its progress, its phase, and the records it had to park. */
final class RebuildJob extends AdminJob {

    enum Phase {
        PREPARING, REPLAYING, SWITCHING, DONE
    }

    private static final String PHASE = "phase";
    private static final String READINGS_FROM = "readingsFrom";

    private volatile Phase phase = Phase.PREPARING;
    private volatile Instant replayStartedAt;
    private final AtomicLong parked = new AtomicLong();

    private final ReadingsFrom readingsFrom;

    /** @param readingsFrom null to replay every reading */
    RebuildJob(String id, Instant startedAt, ReadingsFrom readingsFrom) {
        super(id, startedAt);
        this.readingsFrom = readingsFrom;
    }

    ReadingsFrom readingsFrom() {
        return readingsFrom;
    }

    void replaying(Instant at) {
        replayStartedAt = at;
        phase = Phase.REPLAYING;
    }

    void switching() {
        phase = Phase.SWITCHING;
    }

    void parked(int records) {
        parked.addAndGet(records);
    }

    long parked() {
        return parked.get();
    }

    /** Done: everything there was to replay is replayed. */
    @Override
    public void completed(Instant at) {
        progress(processed(), processed());
        phase = Phase.DONE;
        super.completed(at);
    }

    /** The rate counts from the start of the replay, not from the preparation of the schema. */
    @Override
    protected Instant workStartedAt() {
        return replayStartedAt;
    }

    /** The phase, and the horizon when readings before it are not replayed: any instance answers with them. */
    @Override
    protected Map<String, String> details() {
        return readingsFrom == null ? Map.of(PHASE, phase.name())
                : Map.of(PHASE, phase.name(), READINGS_FROM, readingsFrom.from().toString());
    }

    /** The answer for a rebuild, whichever instance ran it. */
    static RebuildProgress progress(JobSnapshot job, Instant now) {
        String readingsFrom = job.detail(READINGS_FROM);
        return new RebuildProgress(job.id(), job.state(), job.detail(PHASE), job.processed(), job.total(),
                job.ratePerSecond(now), job.etaSeconds(now), job.startedAt(), job.finishedAt(), job.error(),
                readingsFrom == null ? null : Instant.parse(readingsFrom));
    }
}
