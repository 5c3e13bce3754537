package io.telemetra.api.telemetry;

import java.util.List;

/**
 * Answer to {@code POST /api/readings}: how many readings were durably stored (duplicates count as accepted), and the
 * items that were not, in index order.
 */
public record BatchReadingsAccepted(int accepted, List<RejectedReading> rejected) {

    public BatchReadingsAccepted {
        rejected = List.copyOf(rejected);
    }
}
