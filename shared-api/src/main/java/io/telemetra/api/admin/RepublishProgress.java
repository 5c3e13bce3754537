package io.telemetra.api.admin;

import java.time.Instant;

/**
 * {@code GET /api/admin/republish/{jobId}} on command-service.
 *
 * @param from          the requested start, null for the whole history
 * @param processed     events sent and acknowledged by Kafka so far
 * @param total         events to send: those stored from {@code from} up to the newest one when the job started
 * @param ratePerSecond events per second since the job started
 * @param etaSeconds    estimated seconds left, null while no rate is known
 * @param finishedAt    null while running
 * @param error         why the job failed, null otherwise
 */
public record RepublishProgress(
        String jobId,
        JobState state,
        Instant from,
        long processed,
        long total,
        double ratePerSecond,
        Long etaSeconds,
        Instant startedAt,
        Instant finishedAt,
        String error) {
}
