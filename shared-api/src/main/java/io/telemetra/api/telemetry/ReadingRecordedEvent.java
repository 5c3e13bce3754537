package io.telemetra.api.telemetry;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * @param timestamp  event time (when the device measured it); read models window by it
 * @param receivedAt ingestion time
 */
@Revision("1")
public record ReadingRecordedEvent(
        String deviceId,
        String readingId,
        String metric,
        double value,
        String unit,
        Instant timestamp,
        Instant receivedAt) {
}
