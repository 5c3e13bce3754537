package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.IntegrationTestBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /** Reads the topic from the start, keeping this device's records in partition order, until {@code count} arrive. */
    private List<EventEnvelope> consumeEnvelopesOf(String deviceId, int count) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())) {
                        envelopes.add(read(record.value()));
                    }
                }
                return envelopes.size() >= count;
            });
        }
        return envelopes;
    }

    private static EventEnvelope read(byte[] value) {
        try {
            return WIRE.readValue(value, EventEnvelope.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
