package io.telemetra.api.telemetry;

import java.time.Instant;

/**
 * One validated measurement as the write side carries it.
 *
 * @param readingId idempotency key: the same id for a device is stored once
 * @param timestamp event time, as measured by the device
 */
public record Reading(String readingId, String metric, double value, String unit, Instant timestamp) {
}
