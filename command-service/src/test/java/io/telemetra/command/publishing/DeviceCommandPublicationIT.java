package io.telemetra.command.publishing;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import io.telemetra.command.kafka.KafkaTopicProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCommandPublicationIT extends IntegrationTestBase {

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

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

    /** This device's records on the topic, in partition order, once {@code count} arrived. */
    private List<DeviceCommandMessage> consumeMessagesOf(String deviceId, int count) {
        return TopicFromStart.valuesOf(bootstrapServers, Topics.DEVICE_COMMANDS, deviceId, count).stream()
                .map(value -> WireJson.read(value, DeviceCommandMessage.class))
                .toList();
    }
}
