package io.telemetra.command.publishing;

import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.FaultInjectionTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publishers with the broker cut off for real: their sends fail (the producer gives up after its delivery
 * timeout), the batch rolls back and is retried from the stored token until the broker is back, and then every event
 * and every delivery is on its topic, in the device's order, none skipped. Meanwhile the service goes on accepting
 * and storing: publication is not on the path of a request.
 */
class PublicationOutageIT extends FaultInjectionTestBase {

    /** Covers the producer's delivery timeout, the processor's growing back-off and catching up after. */
    private static final Duration CATCH_UP = Duration.ofSeconds(120);

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    @Qualifier("eventKafkaTemplate")
    private KafkaTemplate<String, byte[]> kafkaTemplate;

    @Test
    void eventsStoredWhileTheBrokerIsUnreachableArePublishedOnceItIsBackInStreamOrderNoneSkipped() {
        String deviceId = newDeviceId();
        register(deviceId);
        assertThat(envelopesOf(deviceId, 0)).as("the publisher is past the registration").isNotEmpty();
        double failedSends = failedSends();

        outages.broker().cut();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            ResponseEntity<String> accepted = post("/api/devices/" + deviceId + "/readings", "[%s, %s]".formatted(
                    reading("temperature", 20 + i, now.minusSeconds(10 - 2L * i)),
                    reading("humidity", 40 + i, now.minusSeconds(9 - 2L * i))));
            assertThat(accepted.getStatusCode()).as("stored without the broker").isEqualTo(HttpStatus.ACCEPTED);
        }
        List<String> stored = events().types(deviceId);
        assertThat(stored).hasSize(8).startsWith("DeviceRegisteredEvent", "DeviceCameOnlineEvent");
        await().atMost(CATCH_UP).until(() -> failedSends() > failedSends);
        outages.broker().restore();

        long last = stored.size() - 1;
        List<EventEnvelope> published = envelopesOf(deviceId, last);
        assertThat(firstOccurrences(published.stream().map(EventEnvelope::sequenceNumber).toList()))
                .as("every event, in stream order").containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed()
                        .toList());
        assertThat(published).allSatisfy(envelope -> assertThat(envelope.aggregateId()).isEqualTo(deviceId));
        assertThat(published.stream().filter(envelope -> envelope.sequenceNumber() >= 2).map(EventEnvelope::type)
                .distinct()).containsExactly("ReadingRecorded");
    }

    @Test
    void aCommandIssuedWhileTheBrokerIsUnreachableReachesTheDeviceCommandTopicOnceItIsBack() {
        String deviceId = newDeviceId();
        register(deviceId);
        double failedSends = failedSends();

        outages.broker().cut();
        ResponseEntity<String> issued = post("/api/devices/" + deviceId + "/commands",
                "{\"type\": \"SET_CONFIG\", \"parameters\": {\"interval\": 60}}");
        assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(issued.getBody()).path("commandId").asText();
        await().atMost(CATCH_UP).until(() -> failedSends() > failedSends);
        outages.broker().restore();

        // The device may have been due a redelivery or two while the broker was away: each arrives, in order.
        List<DeviceCommandMessage> deliveries = await().atMost(CATCH_UP).until(() -> commandsOf(deviceId),
                messages -> !messages.isEmpty());
        assertThat(deliveries).allSatisfy(delivery -> {
            assertThat(delivery.commandId()).isEqualTo(commandId);
            assertThat(delivery.type()).isEqualTo("SET_CONFIG");
        });
        List<Long> attempts = firstOccurrences(deliveries.stream().map(delivery -> (long) delivery.attempt()).toList());
        assertThat(attempts).containsExactlyElementsOf(LongStream.rangeClosed(1, attempts.size()).boxed().toList());
    }

    /** Records the event publisher's producer failed to deliver, since it started. */
    private double failedSends() {
        return kafkaTemplate.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().name().equals("record-error-total")
                        && metric.getKey().group().equals("producer-metrics"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** The device's envelopes on the topic once one with sequence number {@code last} arrived, in partition order. */
    private List<EventEnvelope> envelopesOf(String deviceId, long last) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_EVENTS)) {
            await().atMost(CATCH_UP).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())) {
                        envelopes.add(WireJson.read(record.value(), EventEnvelope.class));
                    }
                }
                return envelopes.stream().anyMatch(envelope -> envelope.sequenceNumber() == last);
            });
        }
        return envelopes;
    }

    private List<DeviceCommandMessage> commandsOf(String deviceId) {
        List<DeviceCommandMessage> messages = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_COMMANDS)) {
            for (int polls = 0; polls < 10; polls++) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())) {
                        messages.add(WireJson.read(record.value(), DeviceCommandMessage.class));
                    }
                }
            }
        }
        return messages;
    }

    /** Each value at its first occurrence: at least once may repeat a record, never reorder or drop one. */
    private static List<Long> firstOccurrences(List<Long> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
