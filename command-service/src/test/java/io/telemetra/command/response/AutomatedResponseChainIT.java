package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.WireJson;
import io.telemetra.command.escalation.WebhookReceiver;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The automated response from end to end, driven through the REST API only, over the real saga store, db-scheduler,
 * Kafka and an HTTP webhook: a reading above a rule's max raises an alert whose THROTTLE command goes out on
 * {@code telemetra.device-commands}; a device that stays silent gets it again until it times out and the alert is
 * escalated to the webhook; a device that answers stops all that, and its readings back to normal resolve the alert.
 * The shared context's short ack-timeout (see {@link IntegrationTestBase}) keeps each chain within seconds.
 */
class AutomatedResponseChainIT extends IntegrationTestBase {

    /** Bounds the waits only: every chain ends after its deliveries, whatever they take. */
    private static final Duration CHAIN = Duration.ofSeconds(90);
    private static final String RULES = """
            {"rules": [{"metric": "temperature", "max": 80, "hysteresis": 5, "severity": "CRITICAL",
                        "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]}""";

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private ResponseProperties responses;

    @Autowired
    private WebhookReceiver webhook;

    private KafkaConsumer<String, byte[]> commandTopic;
    private final List<ConsumerRecord<String, byte[]>> commandRecords = new ArrayList<>();

    @BeforeEach
    void readTheDeviceCommandTopicFromTheStart() {
        commandTopic = TopicFromStart.open(bootstrapServers, Topics.DEVICE_COMMANDS);
    }

    @AfterEach
    void closeTheTopic() {
        commandTopic.close();
    }

    @Test
    void aResponseNobodyAnswersIsRedeliveredThenTimesOutAndTheEscalationReachesTheWebhook() {
        String deviceId = newDeviceId();
        String alertId = raiseAlert(deviceId);
        int maxAttempts = responses.maxAttempts();

        List<DeviceCommandMessage> deliveries = awaitDeliveries(deviceId, maxAttempts);
        assertThat(deliveries).extracting(DeviceCommandMessage::attempt).containsExactlyElementsOf(attempts(maxAttempts));
        DeviceCommandMessage first = deliveries.get(0);
        assertThat(first.type()).isEqualTo("THROTTLE");
        assertThat(first.parameters()).isEqualTo(Map.of("percent", 50));
        assertThat(first.alertId()).isEqualTo(alertId);
        assertThat(deliveries).as("every delivery is the same command").allSatisfy(delivery ->
                assertThat(delivery).isEqualTo(new DeviceCommandMessage(first.commandId(), deviceId, first.type(),
                        first.parameters(), delivery.attempt(), alertId, first.issuedAt())));

        JsonNode timedOut = awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(first.commandId());
        assertThat(timedOut.path("attempts").asInt()).isEqualTo(maxAttempts);
        JsonNode escalated = awaitEvent(deviceId, "AlertEscalated");
        assertThat(escalated.path("alertId").asText()).isEqualTo(alertId);
        assertThat(escalated.path("reason").asText())
                .startsWith("the device did not answer THROTTLE after " + maxAttempts + " deliveries");
        assertThat(state(deviceId).at("/openAlerts/0/state").asText()).isEqualTo("ESCALATED");

        List<WebhookReceiver.Received> notified = await().atMost(CHAIN)
                .until(() -> webhook.receivedFor(alertId), received -> !received.isEmpty());
        JsonNode notification = notified.get(0).body();
        assertThat(notification.path("event").asText()).isEqualTo("AlertEscalated");
        assertThat(notification.path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(notification.path("reason").asText()).isEqualTo(escalated.path("reason").asText());
        await().atMost(CHAIN).until(() -> notificationStatuses(alertId).equals(List.of("DELIVERED")));
        assertThat(messagesOf(deviceId)).as("nothing delivered after the time-out").hasSize(maxAttempts);
    }

    @Test
    void aDeviceThatAnswersStopsItsCommandAndTheAlertResolvesWithoutEscalation() {
        String deviceId = newDeviceId();
        String alertId = raiseAlert(deviceId);
        DeviceCommandMessage command = awaitDeliveries(deviceId, 1).get(0);
        assertThat(command.alertId()).isEqualTo(alertId);
        String commandId = command.commandId();
        // The ack deadline is found by the command id: its absence below means something.
        await().atMost(CHAIN).until(() -> deadlinesFor(commandId) > 0);

        String device = TestTokens.device(deviceId);
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"ACCEPTED\"}", device).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\", \"message\": \"throttled\"}", device)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        // The answer ends the command's saga and cancels its deadline: nothing is left to redeliver it.
        await().atMost(CHAIN).until(() -> sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID, commandId) == 0
                && deadlinesFor(commandId) == 0);

        assertThat(post("/api/devices/" + deviceId + "/readings", reading("temperature", 74.0, now())).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        JsonNode resolved = awaitEvent(deviceId, "AlertResolved");
        assertThat(resolved.path("alertId").asText()).isEqualTo(alertId);
        assertThat(resolved.path("value").asDouble()).isEqualTo(74.0);
        await().atMost(CHAIN).until(() -> sagas(AlertResponseSaga.class, AlertResponseSaga.ALERT_ID, alertId) == 0);
        assertThat(sagas(AlertResponseSaga.class, AlertResponseSaga.COMMAND_ID, commandId)).isZero();
        assertThat(deadlinesFor(alertId)).isZero();
        assertThat(deadlinesFor(commandId)).isZero();

        List<String> types = historyTypes(deviceId);
        assertThat(types).containsSubsequence("AlertRaised", "DeviceCommandIssued", "DeviceCommandAcknowledged",
                "DeviceCommandAcknowledged", "AlertResolved");
        assertThat(types.subList(types.indexOf("DeviceCommandAcknowledged"), types.size()))
                .as("no delivery after the answer").doesNotContain("DeviceCommandRedelivered", "DeviceCommandTimedOut");
        assertThat(types).doesNotContain("AlertEscalated");
        // A slow test may see a redelivery before the answer; every one of them, and only them, went out.
        int deliveries = 1 + (int) types.stream().filter("DeviceCommandRedelivered"::equals).count();
        assertThat(awaitDeliveries(deviceId, deliveries)).extracting(DeviceCommandMessage::attempt)
                .containsExactlyElementsOf(attempts(deliveries));
        assertThat(webhook.receivedFor(alertId)).isEmpty();
        assertThat(notificationStatuses(alertId)).isEmpty();
    }

    @Test
    void aResponseTheDeviceAcceptsButNeverFinishesTimesOutAndEscalates() {
        String deviceId = newDeviceId();
        String alertId = raiseAlert(deviceId);
        String commandId = awaitDeliveries(deviceId, 1).get(0).commandId();
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"ACCEPTED\"}", TestTokens.device(deviceId))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode timedOut = awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(commandId);
        JsonNode escalated = awaitEvent(deviceId, "AlertEscalated");
        assertThat(escalated.path("alertId").asText()).isEqualTo(alertId);
        assertThat(escalated.path("reason").asText())
                .startsWith("the device accepted THROTTLE but did not finish it in time");
        await().atMost(CHAIN).until(() -> sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID, commandId) == 0
                && deadlinesFor(commandId) == 0);
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\"}", TestTokens.device(deviceId))
                .getStatusCode()).as("a late answer to a command that timed out").isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void anOperatorsCommandThatIsNeverAnsweredEndsTimedOut() {
        String deviceId = newDeviceId();
        register(deviceId);
        ResponseEntity<String> issued = post("/api/devices/" + deviceId + "/commands", "{\"type\": \"REBOOT\"}");
        assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(issued.getBody()).path("commandId").asText();

        JsonNode timedOut = awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(commandId);
        assertThat(timedOut.path("attempts").asInt()).isEqualTo(responses.maxAttempts());
        assertThat(awaitDeliveries(deviceId, responses.maxAttempts())).allSatisfy(delivery -> {
            assertThat(delivery.commandId()).isEqualTo(commandId);
            assertThat(delivery.alertId()).isNull();
        });
        await().atMost(CHAIN).until(() -> sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID, commandId) == 0);
        assertThat(deadlinesFor(commandId)).isZero();
    }

    /** Registers the device with a THROTTLE rule above 80 and posts 92.5: the id of the alert it raised. */
    private String raiseAlert(String deviceId) {
        register(deviceId);
        assertThat(exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", RULES, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post("/api/devices/" + deviceId + "/readings", reading("temperature", 92.5, now())).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        return awaitEvent(deviceId, "AlertRaised").path("alertId").asText();
    }

    /** The payload of the device's first event of this type, once its history shows one. */
    private JsonNode awaitEvent(String deviceId, String type) {
        return await().atMost(CHAIN).until(() -> history(deviceId, "&type=" + type), events -> !events.isEmpty())
                .get(0).path("payload");
    }

    private List<String> historyTypes(String deviceId) {
        return history(deviceId, "").stream().map(event -> event.path("type").asText()).toList();
    }

    private List<JsonNode> history(String deviceId, String filter) {
        ResponseEntity<String> response = exchange(HttpMethod.GET,
                "/api/devices/" + deviceId + "/history?size=500" + filter, null, TestTokens.auditor());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> events = new ArrayList<>();
        json(response.getBody()).path("content").forEach(events::add);
        return events;
    }

    private JsonNode state(String deviceId) {
        return json(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state", null, TestTokens.auditor())
                .getBody());
    }

    private List<DeviceCommandMessage> awaitDeliveries(String deviceId, int count) {
        return await().atMost(CHAIN).until(() -> messagesOf(deviceId), messages -> messages.size() >= count);
    }

    /** The device's messages on the topic so far, in partition (that is, delivery) order. */
    private List<DeviceCommandMessage> messagesOf(String deviceId) {
        commandTopic.poll(Duration.ofMillis(200)).forEach(commandRecords::add);
        return commandRecords.stream()
                .filter(record -> deviceId.equals(record.key()))
                .map(record -> WireJson.read(record.value(), DeviceCommandMessage.class))
                .toList();
    }

    /** Pending deadlines whose payload names the id: an ack deadline names its command, an escalation its alert. */
    private long deadlinesFor(String id) {
        return jdbc.queryForObject("""
                select count(*) from scheduled_tasks
                where task_name = 'AxonDeadline' and position(convert_to(?, 'UTF8') in task_data) > 0""",
                Long.class, id);
    }

    private long sagas(Class<?> sagaType, String associationKey, String associationValue) {
        return jdbc.queryForObject("""
                select count(*) from association_value_entry
                where saga_type = ? and association_key = ? and association_value = ?""",
                Long.class, sagaType.getName(), associationKey, associationValue);
    }

    private List<String> notificationStatuses(String alertId) {
        return jdbc.queryForList("select status from escalation_notification where alert_id = ?", String.class,
                alertId);
    }

    private static List<Integer> attempts(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    private static String ack(String deviceId, String commandId) {
        return "/api/devices/" + deviceId + "/commands/" + commandId + "/ack";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
