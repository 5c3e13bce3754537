package io.telemetra.api.query;

import java.time.Instant;

/**
 * Data of an {@code event: reading} on {@code GET /api/stream}: a reading as soon as the write side published it.
 *
 * @param sequenceNumber position of the event in the device's stream, to order or de-duplicate on the client
 * @param timestamp      event time, when the device measured it
 */
public record LiveReading(String deviceId, long sequenceNumber, String readingId, String metric, double value,
                          String unit, Instant timestamp) {
}
