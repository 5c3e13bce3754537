package io.telemetra.command.archive;

import io.telemetra.api.admin.ArchiveProgress;
import io.telemetra.jobs.AdminJob;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One run of the archive: its progress, the partition it works on, and what it moved out of the event store. */
final class ArchiveJob extends AdminJob {

    private final Instant horizon;
    private final List<ArchiveProgress.Segment> moved = new CopyOnWriteArrayList<>();
    private volatile String phase = "STARTING";

    ArchiveJob(String id, Instant horizon, Instant startedAt) {
        super(id, startedAt);
        this.horizon = horizon;
    }

    Instant horizon() {
        return horizon;
    }

    void phase(String phase) {
        this.phase = phase;
    }

    void moved(ArchiveProgress.Segment segment) {
        moved.add(segment);
    }

    List<ArchiveProgress.Segment> moved() {
        return List.copyOf(moved);
    }

    @Override
    public void completed(Instant at) {
        phase = "DONE";
        super.completed(at);
    }

    ArchiveProgress progress(Instant now) {
        Figures figures = figures(now, startedAt());
        return new ArchiveProgress(figures.id(), figures.state(), horizon, phase, figures.processed(),
                figures.total(), figures.ratePerSecond(), figures.etaSeconds(), moved(), figures.startedAt(),
                figures.finishedAt(), figures.error());
    }
}
