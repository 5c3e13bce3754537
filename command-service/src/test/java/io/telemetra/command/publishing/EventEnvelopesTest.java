package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope on telemetra.device-events is a public contract: its JSON must not change by accident. */
class EventEnvelopesTest {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();
    private static final Serializer SERIALIZER = JacksonSerializer.builder().objectMapper(WIRE).build();
    private static final ReadingRecordedEvent READING = new ReadingRecordedEvent("pump-1", "r-1", "temperature", 21.5,
            "Cel", Instant.parse("2026-03-01T11:59:59Z"), Instant.parse("2026-03-01T12:00:00.100Z"));

    @Test
    void aStoredEventIsPublishedAsTheKnownEnvelopeJson() throws Exception {
        byte[] json = EventEnvelopes.wireJson(stored(READING), SERIALIZER);

        assertThat(WIRE.readTree(json)).isEqualTo(WIRE.readTree("""
                {
                  "eventId": "0b5a3b64-2f4e-4c1e-9d0a-6b1f9c6e2a11",
                  "aggregateId": "pump-1",
                  "sequenceNumber": 4,
                  "type": "ReadingRecorded",
                  "revision": "1",
                  "timestamp": "2026-03-01T12:00:00.123Z",
                  "metadata": {"correlationId": "c-1", "attempt": "2"},
                  "payload": {
                    "deviceId": "pump-1",
                    "readingId": "r-1",
                    "metric": "temperature",
                    "value": 21.5,
                    "unit": "Cel",
                    "timestamp": "2026-03-01T11:59:59Z",
                    "receivedAt": "2026-03-01T12:00:00.100Z"
                  }
                }
                """));
    }

    @Test
    void aConsumerRebuildsTheEventFromTheEnvelopeByItsTypeName() throws Exception {
        EventEnvelope envelope = WIRE.readValue(EventEnvelopes.wireJson(stored(READING), SERIALIZER),
                EventEnvelope.class);

        Class<?> payloadType = DeviceEventTypes.classOf(envelope.type()).orElseThrow();
        assertThat(WIRE.treeToValue(envelope.payload(), payloadType)).isEqualTo(READING);
    }

    @Test
    void anEventReadFromTheStoreIsPublishedAsTheSameEnvelope() throws Exception {
        GenericDomainEventMessage<Object> original = stored(READING);
        SerializedMessage<Object> serialized = new SerializedMessage<>(original.getIdentifier(),
                SERIALIZER.serialize(READING, byte[].class), SERIALIZER.serialize(original.getMetaData(), byte[].class),
                SERIALIZER);
        GenericDomainEventMessage<Object> readBack = new GenericDomainEventMessage<>(original.getType(),
                original.getAggregateIdentifier(), original.getSequenceNumber(), serialized, original.getTimestamp());

        assertThat(WIRE.readTree(EventEnvelopes.wireJson(readBack, SERIALIZER)))
                .isEqualTo(WIRE.readTree(EventEnvelopes.wireJson(original, SERIALIZER)));
    }

    @Test
    void everyMetadataValueIsPublishedAsAString() throws Exception {
        GenericDomainEventMessage<Object> event = stored(READING).withMetaData(Map.of(
                "attempt", 2, "ratio", 0.5, "retried", true, "origin", Map.of("gateway", "gw-1")));

        assertThat(WIRE.readTree(EventEnvelopes.wireJson(event, SERIALIZER)).get("metadata")).isEqualTo(WIRE.readTree("""
                {"attempt": "2", "ratio": "0.5", "retried": "true", "origin": "{\\"gateway\\":\\"gw-1\\"}"}
                """));
    }

    @Test
    void anEventWithoutATypeNameIsRefusedLoudly() {
        record UnregisteredEvent(String deviceId) {
        }

        assertThatThrownBy(() -> EventEnvelopes.wireJson(stored(new UnregisteredEvent("pump-1")), SERIALIZER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UnregisteredEvent");
    }

    private static GenericDomainEventMessage<Object> stored(Object payload) {
        return new GenericDomainEventMessage<>("Device", "pump-1", 4, payload,
                Map.of("correlationId", "c-1", "attempt", 2), "0b5a3b64-2f4e-4c1e-9d0a-6b1f9c6e2a11",
                Instant.parse("2026-03-01T12:00:00.123Z"));
    }
}
