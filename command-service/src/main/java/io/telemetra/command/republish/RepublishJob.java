package io.telemetra.command.republish;

import io.telemetra.api.admin.RepublishProgress;
import io.telemetra.jobs.AdminJob;
import io.telemetra.jobs.JobSnapshot;

import java.time.Instant;
import java.util.Map;

/** One re-publication: its progress, and from when on it re-publishes. */
final class RepublishJob extends AdminJob {

    private static final String FROM = "from";

    private final Instant from;

    RepublishJob(String id, Instant from, Instant startedAt) {
        super(id, startedAt);
        this.from = from;
    }

    Instant from() {
        return from;
    }

    @Override
    protected Map<String, String> details() {
        return from == null ? Map.of() : Map.of(FROM, from.toString());
    }

    /** The answer for a re-publication, whichever instance ran it. */
    static RepublishProgress progress(JobSnapshot job, Instant now) {
        String from = job.detail(FROM);
        return new RepublishProgress(job.id(), job.state(), from == null ? null : Instant.parse(from),
                job.processed(), job.total(), job.ratePerSecond(now), job.etaSeconds(now), job.startedAt(),
                job.finishedAt(), job.error());
    }
}
