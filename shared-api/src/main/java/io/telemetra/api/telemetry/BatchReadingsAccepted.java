package io.telemetra.api.telemetry;

import java.util.List;

/**
 * Answer to {@code POST /api/readings}, sent once every accepted reading is durably stored.
 *
 * @param accepted   readings newly stored by this request
 * @param duplicates exact repeats of readings already stored (same id, same content): stored once, not again
 * @param rejected   the items that were not stored, in index order
 */
public record BatchReadingsAccepted(int accepted, int duplicates, List<RejectedReading> rejected) {

    public BatchReadingsAccepted {
        rejected = List.copyOf(rejected);
    }
}
