package io.telemetra.api.telemetry;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/**
 * Records a batch of one device's readings in one unit of work: one event per new reading. Batching a device's readings
 * into one command is what makes ingestion fast; {@code receivedAt} is the ingestion time, stamped at the edge.
 */
public record RecordReadingsCommand(
        @TargetAggregateIdentifier String deviceId,
        List<Reading> readings,
        Instant receivedAt) {

    public RecordReadingsCommand {
        readings = List.copyOf(readings);
    }
}
