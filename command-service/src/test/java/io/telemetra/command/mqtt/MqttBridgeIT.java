package io.telemetra.command.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Devices speaking MQTT (real Paho clients with their own tokens) to the embedded broker, and the service's bridge
 * between that broker and the Device: the same JSON, validation, idempotency and error codes as REST.
 */
class MqttBridgeIT extends IntegrationTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    private EmbeddedMqtt mqtt;

    @Autowired
    private MqttBridge bridge;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void disconnectDevices() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            } catch (MqttException e) {
                // closed by the broker already
            }
        }
    }

    @Test
    void readingsPublishedByADeviceAreStoredOnceLikeTheSameReadingsPostedOverRest() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        MqttClient device = device(deviceId);

        publish(device, MqttTopics.readings(deviceId), """
                {"readingId": "r-1", "metric": "temperature", "value": 21.5, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(now));
        publish(device, MqttTopics.readings(deviceId), """
                [{"readingId": "r-2", "metric": "temperature", "value": 22.0, "timestamp": "%s"},
                 {"readingId": "r-3", "metric": "humidity", "value": 40, "unit": "%%", "timestamp": "%s"}]"""
                .formatted(now.plusSeconds(1), now.plusSeconds(1)));
        publish(device, MqttTopics.readings(deviceId), """
                {"readingId": "r-1", "metric": "temperature", "value": 21.5, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(now));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() >= 3);
        // a later reading is stored after the exact repeat of r-1, which therefore was not stored again
        publish(device, MqttTopics.readings(deviceId), withId("r-4", 23.0, now.plusSeconds(2)));
        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() >= 4);
        assertThat(storedReadingIds(deviceId)).containsExactly("r-1", "r-2", "r-3", "r-4");
        JsonNode first = events().payloads(deviceId, "ReadingRecordedEvent").get(0);
        assertThat(first.path("value").asDouble()).isEqualTo(21.5);
        assertThat(first.path("unit").asText()).isEqualTo("Cel");
        assertThat(principals(deviceId)).containsOnly(MqttIngestion.PRINCIPAL);
    }

    @Test
    void aCommandIssuedOverRestArrivesOnTheDevicesTopicAndItsAnswersOverMqttCloseIt() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        MqttClient device = device(deviceId);
        BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
        device.subscribe(MqttTopics.commands(deviceId), 1,
                (topic, message) -> commands.add(json(new String(message.getPayload(), StandardCharsets.UTF_8))));

        ResponseEntity<String> issued = post("/api/devices/" + deviceId + "/commands",
                "{\"type\": \"REBOOT\", \"parameters\": {\"delaySeconds\": 5}}");
        assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(issued.getBody()).path("commandId").asText();

        JsonNode command = commands.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(command).isNotNull();
        assertThat(command.path("commandId").asText()).isEqualTo(commandId);
        assertThat(command.path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(command.path("type").asText()).isEqualTo("REBOOT");
        assertThat(command.path("parameters").path("delaySeconds").asInt()).isEqualTo(5);
        assertThat(command.path("attempt").asInt()).isEqualTo(1);

        publish(device, MqttTopics.ack(deviceId, commandId), "{\"outcome\": \"ACCEPTED\"}");
        publish(device, MqttTopics.ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\", \"message\": \"done\"}");

        await().atMost(PATIENCE).until(() -> events().payloads(deviceId, "DeviceCommandAcknowledgedEvent").size() >= 2);
        List<JsonNode> answers = events().payloads(deviceId, "DeviceCommandAcknowledgedEvent");
        assertThat(answers).extracting(answer -> answer.path("outcome").asText())
                .containsExactly("ACCEPTED", "COMPLETED");
        assertThat(answers.get(1).path("message").asText()).isEqualTo("done");
        assertThat(answers.get(1).path("acknowledgedBy").asText()).isEqualTo(deviceId);
    }

    @Test
    void aDevicePublishingOnAnotherDevicesTopicIsCutOffAndNothingOfItIsStored() throws Exception {
        String intruderId = newDeviceId();
        String victimId = newDeviceId();
        register(intruderId);
        register(victimId);
        MqttClient intruder = device(intruderId);

        assertThatThrownBy(() -> publish(intruder, MqttTopics.readings(victimId), withId("forged", 99, now)))
                .isInstanceOf(MqttException.class);
        await().atMost(PATIENCE).until(() -> !intruder.isConnected());

        publish(device(victimId), MqttTopics.readings(victimId), withId("genuine", 20, now));
        await().atMost(PATIENCE).until(() -> !storedReadingIds(victimId).isEmpty());
        assertThat(storedReadingIds(victimId)).containsExactly("genuine");
        assertThat(storedReadingIds(intruderId)).isEmpty();
    }

    @Test
    void messagesThatCannotBeStoredAreSetAsideOnTheDeadLetterTopicWithTheirReason() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        MqttClient device = device(deviceId);
        String unregistered = newDeviceId();

        publish(device, MqttTopics.readings(deviceId), "this is not json");
        publish(device, MqttTopics.readings(deviceId), """
                [%s, {"readingId": "r-late", "metric": "temperature", "value": "warm", "timestamp": "%s"}]"""
                .formatted(withId("r-ok-but-refused-with-its-batch", 20, now), now));
        publish(device, MqttTopics.readings(deviceId), withId("r-5", 20.5, now));
        publish(device, MqttTopics.readings(deviceId), withId("r-5", 30.5, now));
        publish(device(unregistered), MqttTopics.readings(unregistered), withId("r-6", 20, now));

        ConsumerRecord<String, byte[]> notJson = deadLetter(deviceId, "this is not json");
        assertThat(header(notJson, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MALFORMED_REQUEST");
        assertThat(header(notJson, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(MqttTopics.readings(deviceId));
        ConsumerRecord<String, byte[]> invalid = deadLetter(deviceId, "warm");
        assertThat(header(invalid, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MALFORMED_REQUEST");
        assertThat(header(invalid, DeadLetterHeaders.ERROR_DETAIL)).contains("readings[1].value");
        ConsumerRecord<String, byte[]> conflict = deadLetter(deviceId, "30.5");
        assertThat(header(conflict, DeadLetterHeaders.ERROR_CODE)).isEqualTo("READING_CONFLICT");
        assertThat(header(conflict, DeadLetterHeaders.ERROR_DETAIL)).contains("r-5");
        ConsumerRecord<String, byte[]> unknown = deadLetter(unregistered, "r-6");
        assertThat(header(unknown, DeadLetterHeaders.ERROR_CODE)).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(storedReadingIds(deviceId)).containsExactly("r-5");
    }

    @Test
    void aBridgeRestartedMidStreamLosesNothingTheBrokerAcknowledgedAndStoresNothingTwice() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        MqttClient device = device(deviceId);
        int count = 300;
        CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < count; i++) {
                try {
                    publish(device, MqttTopics.readings(deviceId), withId("r-" + i, i, now.plusMillis(i)));
                } catch (MqttException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() >= 50);
        bridge.stop();
        bridge.start();
        streaming.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() >= count);
        List<String> stored = storedReadingIds(deviceId);
        assertThat(new HashSet<>(stored)).hasSize(count);
        assertThat(stored).hasSize(count);
    }

    @Test
    void aBrokerRestartLosesNothingItAcknowledged() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        bridge.stop();
        try {
            MqttClient device = device(deviceId);
            for (int i = 0; i < 20; i++) {
                publish(device, MqttTopics.readings(deviceId), withId("r-" + i, i, now.plusMillis(i)));
            }
            device.disconnect();
            mqtt.restart();
        } finally {
            bridge.start();
        }

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() >= 20);
        assertThat(storedReadingIds(deviceId)).hasSize(20).doesNotHaveDuplicates();
    }

    private MqttClient device(String deviceId) throws MqttException {
        MqttClient client = mqtt.device(deviceId, TestTokens.device(deviceId), false);
        clients.add(client);
        return client;
    }

    /** Publishes at QoS 1 and returns once the broker has acknowledged it. */
    private static void publish(MqttClient client, String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
    }

    private static String withId(String readingId, double value, Instant timestamp) {
        return """
                {"readingId": "%s", "metric": "temperature", "value": %s, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(readingId, value, timestamp);
    }

    private List<String> storedReadingIds(String deviceId) {
        return jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'readingId' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'
                order by sequence_number""", String.class, deviceId);
    }

    private List<String> principals(String deviceId) {
        return jdbc.queryForList("""
                select convert_from(meta_data, 'UTF8')::jsonb ->> 'principal' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'""", String.class,
                deviceId);
    }

    private ConsumerRecord<String, byte[]> deadLetter(String deviceId, String valueContains) {
        return TopicFromStart.firstMatching(bootstrapServers, Topics.DEVICE_TELEMETRY_DLT,
                record -> deviceId.equals(record.key()) && record.value() != null
                        && new String(record.value(), StandardCharsets.UTF_8).contains(valueContains));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
