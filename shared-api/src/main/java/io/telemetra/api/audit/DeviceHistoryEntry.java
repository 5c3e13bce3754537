package io.telemetra.api.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One event of {@code GET /api/devices/{deviceId}/history}: what happened to the device, when, who did it and why.
 * The payload is the event as the current contract reads it (older revisions upcast), as on Kafka.
 *
 * @param sequence      position in the device's stream, starting at 0
 * @param eventId       the event's identifier, which causation ids of later messages refer to
 * @param type          stable type name, see {@link io.telemetra.api.kafka.DeviceEventTypes}
 * @param revision      payload revision of that type
 * @param timestamp     when the event was stored
 * @param principal     who sent the command that caused it, or null when not recorded
 * @param correlationId the message being handled when the event was applied, or null
 * @param causationId   the message that directly caused the event, or null
 * @param traceId       the first message of the chain, or null
 */
public record DeviceHistoryEntry(
        long sequence,
        String eventId,
        String type,
        String revision,
        Instant timestamp,
        JsonNode payload,
        String principal,
        String correlationId,
        String causationId,
        String traceId) {
}
