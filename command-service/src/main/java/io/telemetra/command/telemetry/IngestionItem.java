package io.telemetra.command.telemetry;

import io.telemetra.api.telemetry.Reading;

import java.util.Map;

/**
 * One validated reading of a submission.
 *
 * @param index        its position in what the channel received (the request's array, the poll), reported back with
 *                     its outcome
 * @param traceContext the trace context it arrived with (a gateway's record headers), to be continued where it is
 *                     stored; empty when it came with none or within a traced request
 */
public record IngestionItem(int index, String deviceId, Reading reading, Map<String, String> traceContext) {

    public IngestionItem {
        traceContext = Map.copyOf(traceContext);
    }

    public IngestionItem(int index, String deviceId, Reading reading) {
        this(index, deviceId, reading, Map.of());
    }
}
