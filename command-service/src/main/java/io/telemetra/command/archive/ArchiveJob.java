package io.telemetra.command.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.admin.ArchiveProgress;
import io.telemetra.jobs.AdminJob;
import io.telemetra.jobs.JobSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One run of the archive: its progress, the partition it works on, and what it moved out of the event store, all of it
 * recorded in the job table so that any instance answers for it.
 */
final class ArchiveJob extends AdminJob {

    private static final String HORIZON = "horizon";
    private static final String PHASE = "phase";
    private static final String MOVED = "moved";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ArchiveProgress.Segment>> SEGMENTS = new TypeReference<>() {
    };

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

    @Override
    public void completed(Instant at) {
        phase = "DONE";
        super.completed(at);
    }

    @Override
    protected Map<String, String> details() {
        try {
            return Map.of(HORIZON, horizon.toString(), PHASE, phase, MOVED, JSON.writeValueAsString(List.copyOf(moved)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the moved segments cannot be written as JSON", e);
        }
    }

    /** The answer for an archive, whichever instance ran it. */
    static ArchiveProgress progress(JobSnapshot job, Instant now) {
        List<ArchiveProgress.Segment> moved;
        try {
            String recorded = job.detail(MOVED);
            moved = recorded == null ? List.of() : JSON.readValue(recorded, SEGMENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("archive " + job.id() + " recorded unreadable segments", e);
        }
        String horizon = job.detail(HORIZON);
        return new ArchiveProgress(job.id(), job.state(), horizon == null ? null : Instant.parse(horizon),
                job.detail(PHASE), job.processed(), job.total(), job.ratePerSecond(now), job.etaSeconds(now), moved,
                job.startedAt(), job.finishedAt(), job.error());
    }
}
