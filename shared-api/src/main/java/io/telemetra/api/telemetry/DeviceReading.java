package io.telemetra.api.telemetry;

import java.time.Instant;

/** One item of {@code POST /api/readings}, and the value of a {@code telemetra.device-telemetry} record. */
public record DeviceReading(String deviceId, String readingId, String metric, Double value, String unit,
                            Instant timestamp) {

    public ReadingRequest withoutDevice() {
        return new ReadingRequest(readingId, metric, value, unit, timestamp);
    }
}
