package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.command.FaultInjectionTestBase;
import io.telemetra.command.escalation.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

import static io.telemetra.command.response.ResponseChain.CHAIN;
import static io.telemetra.command.response.ResponseChain.attempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The automated response when deadlines fall due, driven through the REST API only, over the real saga store,
 * db-scheduler, Kafka and an HTTP webhook: a reading above a rule's max raises an alert whose THROTTLE command goes out
 * on {@code telemetra.device-commands}; a device that stays silent gets it again until it times out and the alert is
 * escalated to the webhook, and one that accepts but never finishes times out too. The context's deadlines of seconds
 * (see {@link FaultInjectionTestBase}) keep each chain within a test; a device that answers is in
 * {@link AnsweredResponseIT}, where no deadline can fall due.
 */
class AutomatedResponseChainIT extends FaultInjectionTestBase {

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private ResponseProperties responses;

    @Autowired
    private WebhookReceiver webhook;

    private ResponseChain chain;

    @BeforeEach
    void readTheDeviceCommandTopicFromTheStart() {
        chain = new ResponseChain(http, jdbc, bootstrapServers);
    }

    @AfterEach
    void closeTheTopic() {
        chain.close();
    }

    @Test
    void aResponseNobodyAnswersIsRedeliveredThenTimesOutAndTheEscalationReachesTheWebhook() {
        String deviceId = newDeviceId();
        String alertId = chain.raiseAlert(deviceId);
        int maxAttempts = responses.maxAttempts();

        List<DeviceCommandMessage> deliveries = chain.awaitDeliveries(deviceId, maxAttempts);
        assertThat(deliveries).extracting(DeviceCommandMessage::attempt).containsExactlyElementsOf(attempts(maxAttempts));
        DeviceCommandMessage first = deliveries.get(0);
        assertThat(first.type()).isEqualTo("THROTTLE");
        assertThat(first.parameters()).isEqualTo(Map.of("percent", 50));
        assertThat(first.alertId()).isEqualTo(alertId);
        assertThat(deliveries).as("every delivery is the same command").allSatisfy(delivery ->
                assertThat(delivery).isEqualTo(new DeviceCommandMessage(first.commandId(), deviceId, first.type(),
                        first.parameters(), delivery.attempt(), alertId, first.issuedAt())));

        JsonNode timedOut = chain.awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(first.commandId());
        assertThat(timedOut.path("attempts").asInt()).isEqualTo(maxAttempts);
        JsonNode escalated = chain.awaitEvent(deviceId, "AlertEscalated");
        assertThat(escalated.path("alertId").asText()).isEqualTo(alertId);
        assertThat(escalated.path("reason").asText())
                .startsWith("the device did not answer THROTTLE after " + maxAttempts + " deliveries");
        assertThat(chain.state(deviceId).at("/openAlerts/0/state").asText()).isEqualTo("ESCALATED");

        List<WebhookReceiver.Received> notified = await().atMost(CHAIN)
                .until(() -> webhook.receivedFor(alertId), received -> !received.isEmpty());
        JsonNode notification = notified.get(0).body();
        assertThat(notification.path("event").asText()).isEqualTo("AlertEscalated");
        assertThat(notification.path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(notification.path("reason").asText()).isEqualTo(escalated.path("reason").asText());
        await().atMost(CHAIN).until(() -> chain.notificationStatuses(alertId).equals(List.of("DELIVERED")));
        assertThat(chain.messagesOf(deviceId)).as("nothing delivered after the time-out").hasSize(maxAttempts);
    }

    @Test
    void aResponseTheDeviceAcceptsButNeverFinishesTimesOutAndEscalates() {
        String deviceId = newDeviceId();
        String alertId = chain.raiseAlert(deviceId);
        String commandId = chain.awaitDeliveries(deviceId, 1).get(0).commandId();
        assertThat(chain.answer(deviceId, commandId, "{\"outcome\": \"ACCEPTED\"}").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode timedOut = chain.awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(commandId);
        JsonNode escalated = chain.awaitEvent(deviceId, "AlertEscalated");
        assertThat(escalated.path("alertId").asText()).isEqualTo(alertId);
        assertThat(escalated.path("reason").asText())
                .startsWith("the device accepted THROTTLE but did not finish it in time");
        await().atMost(CHAIN).until(() -> chain.sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID,
                commandId) == 0 && chain.deadlinesFor(commandId) == 0);
        assertThat(chain.answer(deviceId, commandId, "{\"outcome\": \"COMPLETED\"}").getStatusCode())
                .as("a late answer to a command that timed out").isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void anOperatorsCommandThatIsNeverAnsweredEndsTimedOut() {
        String deviceId = newDeviceId();
        register(deviceId);
        ResponseEntity<String> issued = post("/api/devices/" + deviceId + "/commands", "{\"type\": \"REBOOT\"}");
        assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(issued.getBody()).path("commandId").asText();

        JsonNode timedOut = chain.awaitEvent(deviceId, "DeviceCommandTimedOut");
        assertThat(timedOut.path("commandId").asText()).isEqualTo(commandId);
        assertThat(timedOut.path("attempts").asInt()).isEqualTo(responses.maxAttempts());
        assertThat(chain.awaitDeliveries(deviceId, responses.maxAttempts())).allSatisfy(delivery -> {
            assertThat(delivery.commandId()).isEqualTo(commandId);
            assertThat(delivery.alertId()).isNull();
        });
        await().atMost(CHAIN).until(() -> chain.sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID,
                commandId) == 0);
        assertThat(chain.deadlinesFor(commandId)).isZero();
    }
}
