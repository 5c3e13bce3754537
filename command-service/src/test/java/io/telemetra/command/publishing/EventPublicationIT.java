package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventPublicationIT extends IntegrationTestBase {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private EventProcessingConfiguration eventProcessing;

    @Test
    void everyEventOfADeviceIsPublishedInItsStreamOrder() throws IOException {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);
        post("/api/devices/" + deviceId + "/readings", "[%s, %s]".formatted(
                reading("temperature", 20.5, now.minusSeconds(2)), reading("temperature", 20.75, now.minusSeconds(1))));
        post("/api/devices/" + deviceId + "/readings", reading("pressure", 1.5, now));

        List<EventEnvelope> envelopes = consumeEnvelopesOf(deviceId, 5);

        assertThat(envelopes).extracting(EventEnvelope::sequenceNumber).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(envelopes).extracting(EventEnvelope::type).containsExactly(
                "DeviceRegistered", "DeviceCameOnline", "ReadingRecorded", "ReadingRecorded", "ReadingRecorded");
        assertThat(envelopes).allSatisfy(envelope -> {
            assertThat(envelope.aggregateId()).isEqualTo(deviceId);
            assertThat(envelope.revision()).isEqualTo("1");
            assertThat(envelope.metadata()).containsKey("correlationId");
        });
        assertThat(envelopes).extracting(EventEnvelope::eventId).doesNotHaveDuplicates();
        ReadingRecordedEvent last = WIRE.treeToValue(envelopes.get(4).payload(), ReadingRecordedEvent.class);
        assertThat(last.deviceId()).isEqualTo(deviceId);
        assertThat(last.metric()).isEqualTo("pressure");
        assertThat(last.value()).isEqualTo(1.5);
        assertThat(last.timestamp()).isEqualTo(now);
    }

    @Test
    void aFailingPublicationIsRetriedInsteadOfSkipped() {
        assertThat(eventProcessing.listenerInvocationErrorHandler(KafkaEventPublisher.PROCESSING_GROUP))
                .isInstanceOf(PropagatingErrorHandler.class);
    }

    /** This device's records on the topic, in partition order, once {@code count} arrived. */
    private List<EventEnvelope> consumeEnvelopesOf(String deviceId, int count) {
        return TopicFromStart.valuesOf(bootstrapServers, Topics.DEVICE_EVENTS, deviceId, count).stream()
                .map(value -> WireJson.read(value, EventEnvelope.class))
                .toList();
    }
}
