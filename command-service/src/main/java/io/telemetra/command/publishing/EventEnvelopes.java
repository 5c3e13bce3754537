package io.telemetra.command.publishing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stored domain event into its public wire form: the {@link EventEnvelope} as JSON. Public for re-publication,
 * which must send what the publisher sent.
 * <p>
 * Every stored event goes through here, so the envelope is streamed from the stored form rather than built as objects:
 * the payload is copied as the JSON it is stored as (after upcasting) and the metadata is copied value by value, each as
 * a string. Binding both to objects only to write them out again was most of the publisher's CPU.
 */
public final class EventEnvelopes {

    private static final JsonFactory JSON = new JsonFactory();
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private EventEnvelopes() {
    }

    /**
     * @param eventSerializer the serializer the events are stored with; an event deserialized by another one (or never
     *                        stored) is serialized with it
     * @throws IllegalStateException when the payload's class has no stable type name: publishing it under a Java
     *                               class name would make the class name part of the public contract
     */
    public static byte[] wireJson(DomainEventMessage<?> event, Serializer eventSerializer) {
        Class<?> payloadType = event.getPayloadType();
        String type = DeviceEventTypes.nameOf(payloadType).orElseThrow(() -> new IllegalStateException(
                payloadType.getName() + " has no type name in DeviceEventTypes; register it before applying it"));
        byte[] metadata = event.serializeMetaData(eventSerializer, byte[].class).getData();
        byte[] payload = event.serializePayload(eventSerializer, byte[].class).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream(metadata.length + payload.length + 256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("eventId", event.getIdentifier());
            json.writeStringField("aggregateId", event.getAggregateIdentifier());
            json.writeNumberField("sequenceNumber", event.getSequenceNumber());
            json.writeStringField("type", type);
            json.writeStringField("revision", REVISIONS.revisionOf(payloadType));
            json.writeStringField("timestamp", event.getTimestamp().toString());
            json.writeFieldName("metadata");
            copyAsStrings(metadata, json);
            json.writeFieldName("payload");
            json.writeRawValue(new String(payload, StandardCharsets.UTF_8));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the envelope of event " + event.getIdentifier(), e);
        }
        return out.toByteArray();
    }

    /** The metadata object with every value as a string, as {@link EventEnvelope#metadata()} declares it. */
    private static void copyAsStrings(byte[] metadata, JsonGenerator json) throws IOException {
        try (JsonParser parser = JSON.createParser(metadata)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("stored metadata is not a JSON object");
            }
            json.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    // Telemetra's metadata values are scalars; a structured one keeps its JSON text.
                    ByteArrayOutputStream text = new ByteArrayOutputStream();
                    try (JsonGenerator copy = JSON.createGenerator(text)) {
                        copy.copyCurrentStructure(parser);
                    }
                    json.writeStringField(name, text.toString(StandardCharsets.UTF_8));
                } else {
                    json.writeStringField(name, parser.getText());
                }
            }
            json.writeEndObject();
        }
    }
}
