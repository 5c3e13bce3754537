package io.telemetra.api.telemetry;

import java.util.List;

/**
 * The result of a {@link RecordReadingsCommand}: one outcome per reading, in the command's order.
 */
public record RecordReadingsResult(List<ReadingOutcome> outcomes) {

    public RecordReadingsResult {
        outcomes = List.copyOf(outcomes);
    }

    public long count(ReadingOutcome outcome) {
        return outcomes.stream().filter(outcome::equals).count();
    }
}
