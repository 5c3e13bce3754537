package io.telemetra.api.telemetry;

import java.time.Instant;

/** One item of {@code POST /api/devices/{deviceId}/readings}; {@code readingId} and {@code unit} are optional. */
public record ReadingRequest(String readingId, String metric, Double value, String unit, Instant timestamp) {
}
