package io.telemetra.command.republish;

import io.telemetra.api.admin.RepublishProgress;
import io.telemetra.jobs.AdminJob;

import java.time.Instant;

/** One re-publication: its progress, and from when on it re-publishes. */
final class RepublishJob extends AdminJob {

    private final Instant from;

    RepublishJob(String id, Instant from, Instant startedAt) {
        super(id, startedAt);
        this.from = from;
    }

    Instant from() {
        return from;
    }

    RepublishProgress progress(Instant now) {
        Figures figures = figures(now, startedAt());
        return new RepublishProgress(figures.id(), figures.state(), from, figures.processed(), figures.total(),
                figures.ratePerSecond(), figures.etaSeconds(), figures.startedAt(), figures.finishedAt(),
                figures.error());
    }
}
