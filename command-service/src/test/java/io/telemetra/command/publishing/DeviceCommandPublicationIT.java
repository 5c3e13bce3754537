package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.kafka.KafkaTopicProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeviceCommandPublicationIT extends IntegrationTestBase {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private EventProcessingConfiguration eventProcessing;

    @Autowired
    private KafkaTopicProperties topics;

    @Test
    void anIssuedCommandAndItsRedeliveryReachTheDeviceCommandTopicKeyedByDevice() {
        String alertId = UUID.randomUUID().toString();
        String deviceId = newDeviceId();
        String commandId = UUID.randomUUID().toString();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);

        DeviceStreams.append(eventStore, deviceCache, deviceId,
                new DeviceCommandIssuedEvent(deviceId, commandId, "SET_CONFIG", Map.of("interval", 60, "mode", "eco"),
                        "system:alert-response", alertId, issuedAt),
                new DeviceCommandRedeliveredEvent(deviceId, commandId, "SET_CONFIG",
                        Map.of("interval", 60, "mode", "eco"), 2, issuedAt.plusSeconds(30), alertId, issuedAt));

        assertThat(consumeMessagesOf(deviceId, 2)).startsWith(
                new DeviceCommandMessage(commandId, deviceId, "SET_CONFIG", Map.of("interval", 60, "mode", "eco"), 1,
                        alertId, issuedAt),
                new DeviceCommandMessage(commandId, deviceId, "SET_CONFIG", Map.of("interval", 60, "mode", "eco"), 2,
                        alertId, issuedAt));
    }

    /** The embedded broker creates it with 3 partitions; the service's topic configuration grows it to its 6. */
    @Test
    void theTopicIsManagedByTheServiceLikeTheOtherTopics() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            assertThat(consumer.partitionsFor(Topics.DEVICE_COMMANDS)).hasSize(topics.partitions());
        }
    }

    @Test
    void aFailingPublicationIsRetriedInsteadOfSkipped() {
        assertThat(eventProcessing.listenerInvocationErrorHandler(DeviceCommandPublisher.PROCESSING_GROUP))
                .isInstanceOf(PropagatingErrorHandler.class);
    }

    /** Reads the topic from the start until {@code count} records keyed by the device arrive, in partition order. */
    private List<DeviceCommandMessage> consumeMessagesOf(String deviceId, int count) {
        List<DeviceCommandMessage> messages = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_COMMANDS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())) {
                        messages.add(read(record.value()));
                    }
                }
                return messages.size() >= count;
            });
        }
        return messages;
    }

    private static DeviceCommandMessage read(byte[] value) {
        try {
            return WIRE.readValue(value, DeviceCommandMessage.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
