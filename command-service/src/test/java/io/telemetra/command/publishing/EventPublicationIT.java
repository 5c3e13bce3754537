package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventPublicationIT extends IntegrationTestBase {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void everyEventOfADeviceIsPublishedInItsStreamOrder() throws IOException {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);
        post("/api/devices/" + deviceId + "/readings", "[%s, %s]".formatted(
                reading("temperature", 20.5, now.minusSeconds(2)), reading("temperature", 20.75, now.minusSeconds(1))));
        post("/api/devices/" + deviceId + "/readings", reading("pressure", 1.5, now));

        consumeEnvelopesOf(deviceId, 5);
        awaitPublisherPast(deviceId);
        // Everything on the topic for the device once the publisher committed past its events: nothing else came.
        List<EventEnvelope> envelopes = TopicFromStart.allValuesOf(bootstrapServers, Topics.DEVICE_EVENTS, deviceId)
                .stream().map(value -> WireJson.read(value, EventEnvelope.class)).toList();

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

    /**
     * Waits until every segment of the publisher stored a token past the device's last event: its sends were
     * acknowledged by the broker before that commit, so all its records are on the topic.
     */
    private void awaitPublisherPast(String deviceId) {
        long last = jdbc.queryForObject("select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class, deviceId);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "select convert_from(token, 'UTF8') from token_entry where processor_name = ?", String.class,
                EventRelay.NAME), tokens -> !tokens.isEmpty() && tokens.stream()
                .map(IntegrationTestBase::json)
                .allMatch(token -> token.path("index").asLong(-1) >= last && !contains(token.path("gaps"), last)));
    }

    private static boolean contains(JsonNode gaps, long index) {
        for (JsonNode gap : gaps) {
            if (gap.asLong() == index) {
                return true;
            }
        }
        return false;
    }

    /** This device's records on the topic, in partition order, once {@code count} arrived. */
    private List<EventEnvelope> consumeEnvelopesOf(String deviceId, int count) {
        return TopicFromStart.valuesOf(bootstrapServers, Topics.DEVICE_EVENTS, deviceId, count).stream()
                .map(value -> WireJson.read(value, EventEnvelope.class))
                .toList();
    }
}
