package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests of the automated response drive and watch, through the REST API only and the rows the sagas leave:
 * an alert raised by a reading above a rule with a THROTTLE response, the device's answers, its history, what went
 * out on {@code telemetra.device-commands} (read from the topic's start), pending deadlines, sagas and escalation
 * notifications.
 */
final class ResponseChain implements AutoCloseable {

    /** Bounds the waits only: every chain ends after its deliveries, whatever they take. */
    static final Duration CHAIN = Duration.ofSeconds(90);
    private static final String RULES = """
            {"rules": [{"metric": "temperature", "max": 80, "hysteresis": 5, "severity": "CRITICAL",
                        "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRestTemplate http;
    private final JdbcTemplate jdbc;
    private final KafkaConsumer<String, byte[]> commandTopic;
    private final List<ConsumerRecord<String, byte[]>> commandRecords = new ArrayList<>();

    ResponseChain(TestRestTemplate http, JdbcTemplate jdbc, String bootstrapServers) {
        this.http = http;
        this.jdbc = jdbc;
        this.commandTopic = TopicFromStart.open(bootstrapServers, Topics.DEVICE_COMMANDS);
    }

    /** Registers the device with a THROTTLE rule above 80 and posts 92.5: the id of the alert it raised. */
    String raiseAlert(String deviceId) {
        assertThat(send(HttpMethod.POST, "/api/devices", """
                {"deviceId": "%s", "type": "thermostat", "name": "Thermostat"}""".formatted(deviceId),
                TestTokens.operator()).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(send(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", RULES, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(postReading(deviceId, 92.5).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return awaitEvent(deviceId, "AlertRaised").path("alertId").asText();
    }

    ResponseEntity<String> postReading(String deviceId, double temperature) {
        return send(HttpMethod.POST, "/api/devices/" + deviceId + "/readings", """
                {"metric": "temperature", "value": %s, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(temperature, Instant.now().truncatedTo(ChronoUnit.MILLIS)), TestTokens.operator());
    }

    /** The device's own answer to one of its commands. */
    ResponseEntity<String> answer(String deviceId, String commandId, String answer) {
        return send(HttpMethod.POST, "/api/devices/" + deviceId + "/commands/" + commandId + "/ack", answer,
                TestTokens.device(deviceId));
    }

    ResponseEntity<String> send(HttpMethod method, String path, String body, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    /** The payload of the device's first event of this type, once its history shows one. */
    JsonNode awaitEvent(String deviceId, String type) {
        return await().atMost(CHAIN).until(() -> history(deviceId, "&type=" + type), events -> !events.isEmpty())
                .get(0).path("payload");
    }

    List<String> historyTypes(String deviceId) {
        return history(deviceId, "").stream().map(event -> event.path("type").asText()).toList();
    }

    private List<JsonNode> history(String deviceId, String filter) {
        ResponseEntity<String> response = http.exchange("/api/devices/" + deviceId + "/history?size=500" + filter,
                HttpMethod.GET, auditor(), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> events = new ArrayList<>();
        json(response.getBody()).path("content").forEach(events::add);
        return events;
    }

    JsonNode state(String deviceId) {
        return json(http.exchange("/api/devices/" + deviceId + "/state", HttpMethod.GET, auditor(), String.class)
                .getBody());
    }

    List<DeviceCommandMessage> awaitDeliveries(String deviceId, int count) {
        return await().atMost(CHAIN).until(() -> messagesOf(deviceId), messages -> messages.size() >= count);
    }

    /** The device's messages on the topic so far, in partition (that is, delivery) order. */
    List<DeviceCommandMessage> messagesOf(String deviceId) {
        commandTopic.poll(Duration.ofMillis(200)).forEach(commandRecords::add);
        return commandRecords.stream()
                .filter(record -> deviceId.equals(record.key()))
                .map(record -> WireJson.read(record.value(), DeviceCommandMessage.class))
                .toList();
    }

    /** Pending deadlines whose payload names the id: an ack deadline names its command, an escalation its alert. */
    long deadlinesFor(String id) {
        return jdbc.queryForObject("""
                select count(*) from scheduled_tasks
                where task_name = 'AxonDeadline' and position(convert_to(?, 'UTF8') in task_data) > 0""",
                Long.class, id);
    }

    long sagas(Class<?> sagaType, String associationKey, String associationValue) {
        return jdbc.queryForObject("""
                select count(*) from association_value_entry
                where saga_type = ? and association_key = ? and association_value = ?""",
                Long.class, sagaType.getName(), associationKey, associationValue);
    }

    List<String> notificationStatuses(String alertId) {
        return jdbc.queryForList("select status from escalation_notification where alert_id = ?", String.class,
                alertId);
    }

    static List<Integer> attempts(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    @Override
    public void close() {
        commandTopic.close();
    }

    private static HttpEntity<Void> auditor() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor());
        return new HttpEntity<>(headers);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
