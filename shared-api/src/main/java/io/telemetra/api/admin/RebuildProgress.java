package io.telemetra.api.admin;

import java.time.Instant;

/**
 * {@code GET /api/admin/rebuild/{rebuildId}} on projection-service.
 *
 * @param phase         {@code PREPARING}, {@code REPLAYING} (the history into new tables), {@code SWITCHING} (catching
 *                      up and switching queries over) or {@code DONE}
 * @param processed     records of {@code telemetra.device-events} replayed so far
 * @param total         records to replay: the topic up to its end, which grows while events keep arriving
 * @param ratePerSecond records per second since the replay started
 * @param etaSeconds    estimated seconds left, null while no rate is known
 * @param finishedAt    null while running
 * @param error         why the rebuild failed (the live read models are then untouched), null otherwise
 * @param readingsFrom  null when every reading is replayed; else the instant before which readings are taken over
 *                      from the live read models instead (see {@link RebuildRequest})
 */
public record RebuildProgress(
        String rebuildId,
        JobState state,
        String phase,
        long processed,
        long total,
        double ratePerSecond,
        Long etaSeconds,
        Instant startedAt,
        Instant finishedAt,
        String error,
        Instant readingsFrom) {
}
