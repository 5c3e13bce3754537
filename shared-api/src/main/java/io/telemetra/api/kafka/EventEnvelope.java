package io.telemetra.api.kafka;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * The wire format of {@link Topics#DEVICE_EVENTS}: one domain event with the coordinates a consumer needs to apply it
 * idempotently (aggregate id + sequence number) and the metadata an auditor needs (principal, correlation, causation).
 *
 * @param eventId        globally unique event identifier, stable across re-publication
 * @param aggregateId    the device id; also the record key
 * @param sequenceNumber position of the event in the device's stream, starting at 0
 * @param type           stable event type name, see {@link io.telemetra.api.kafka.DeviceEventTypes}
 * @param revision       payload revision of that type
 * @param timestamp      when the event was stored
 * @param metadata       correlation data (principal, correlationId, traceId...)
 * @param payload        the event itself as JSON
 */
public record EventEnvelope(
        String eventId,
        String aggregateId,
        long sequenceNumber,
        String type,
        String revision,
        Instant timestamp,
        Map<String, String> metadata,
        JsonNode payload) {

    public EventEnvelope {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
