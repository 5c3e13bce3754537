package io.telemetra.api.query;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Data of an {@code event: device} on {@code GET /api/stream}: any other event of a device (registered, came online,
 * and types added later), with its payload as published on {@code telemetra.device-events}.
 *
 * @param type      the stable event type name, e.g. {@code DeviceCameOnline}
 * @param timestamp when the write side stored the event
 */
public record LiveDeviceUpdate(String deviceId, long sequenceNumber, String type, Instant timestamp,
                               JsonNode payload) {
}
