package io.telemetra.command.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.WireFormat;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a stored domain event into its public wire form: the {@link EventEnvelope} as JSON. Public for re-publication,
 * which must send exactly what the publisher sent.
 */
public final class EventEnvelopes {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private EventEnvelopes() {
    }

    /**
     * @param eventSerializer the serializer the events are stored with: a stored event's payload is then taken as the
     *                        JSON it is stored as (after upcasting), without binding it to its class and back
     * @throws IllegalStateException when the payload's class has no stable type name: publishing it under a Java
     *                               class name would make the class name part of the public contract
     */
    public static EventEnvelope envelopeOf(DomainEventMessage<?> event, Serializer eventSerializer) {
        Class<?> payloadType = event.getPayloadType();
        String type = DeviceEventTypes.nameOf(payloadType).orElseThrow(() -> new IllegalStateException(
                payloadType.getName() + " has no type name in DeviceEventTypes; register it before applying it"));
        Map<String, String> metadata = new LinkedHashMap<>();
        event.getMetaData().forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        return new EventEnvelope(
                event.getIdentifier(),
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                type,
                REVISIONS.revisionOf(payloadType),
                event.getTimestamp(),
                metadata,
                event.serializePayload(eventSerializer, JsonNode.class).getData());
    }

    public static byte[] toJson(EventEnvelope envelope) {
        try {
            return WIRE.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the envelope of event " + envelope.eventId(), e);
        }
    }
}
