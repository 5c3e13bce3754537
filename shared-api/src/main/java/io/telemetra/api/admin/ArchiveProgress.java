package io.telemetra.api.admin;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/admin/archive/{jobId}} on command-service: reading events stored before the hot horizon, moved out
 * of the event store into the archive one day partition at a time.
 *
 * @param horizon       reading events stored before this instant are archived (whole UTC days)
 * @param phase         what the job does now: {@code SNAPSHOTS}, {@code EXPORTING}, {@code VERIFYING}, {@code DROPPING}
 *                      and the partition it works on (while taking snapshots, also how many of its devices have
 *                      theirs: {@code SNAPSHOTS domain_event_entry_r20261105: 11 of 402 devices}), or {@code DONE}
 * @param processed     events of the job's partitions handled so far (exported, then verified and dropped)
 * @param total         events in the partitions to archive
 * @param ratePerSecond events per second since the job started
 * @param etaSeconds    estimated seconds left, null while no rate is known
 * @param moved         the partitions whose events left the event store in this job, each with its archive file
 * @param finishedAt    null while running
 * @param error         why the job failed (what was archived so far stays archived; run it again to resume), or null
 */
public record ArchiveProgress(
        String jobId,
        JobState state,
        Instant horizon,
        String phase,
        long processed,
        long total,
        double ratePerSecond,
        Long etaSeconds,
        List<Segment> moved,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    /**
     * @param partition the dropped partition, {@code domain_event_entry_rYYYYMMDD}
     * @param day       the UTC day of stored time it held
     * @param events    reading events moved
     * @param fileName  the segment's file in the archive store (its manifest is beside it)
     * @param fileBytes the file's size, compressed
     */
    public record Segment(String partition, String day, long events, String fileName, long fileBytes) {
    }
}
