package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.escalation.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;


import static io.telemetra.command.response.ResponseChain.CHAIN;
import static io.telemetra.command.response.ResponseChain.attempts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The automated response of a device that answers, in the shared context, whose deadlines never fall due within a
 * test: exactly one delivery, the answer ends the command's saga and cancels its deadline, and readings back to
 * normal resolve the alert without escalation. (Deadlines that do fall due: {@link AutomatedResponseChainIT}.)
 */
class AnsweredResponseIT extends IntegrationTestBase {

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

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
    void aDeviceThatAnswersStopsItsCommandAndTheAlertResolvesWithoutEscalation() {
        String deviceId = newDeviceId();
        String alertId = chain.raiseAlert(deviceId);
        DeviceCommandMessage command = chain.awaitDeliveries(deviceId, 1).get(0);
        assertThat(command.alertId()).isEqualTo(alertId);
        assertThat(command.attempt()).isEqualTo(1);
        String commandId = command.commandId();
        // The ack deadline is found by the command id: its absence below means something.
        await().atMost(CHAIN).until(() -> chain.deadlinesFor(commandId) > 0);

        assertThat(chain.answer(deviceId, commandId, "{\"outcome\": \"ACCEPTED\"}").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(chain.answer(deviceId, commandId, "{\"outcome\": \"COMPLETED\", \"message\": \"throttled\"}")
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        // The answer ends the command's saga and cancels its deadline: nothing is left to redeliver it.
        await().atMost(CHAIN).until(() -> chain.sagas(DeviceCommandSaga.class, DeviceCommandSaga.COMMAND_ID,
                commandId) == 0 && chain.deadlinesFor(commandId) == 0);

        assertThat(chain.postReading(deviceId, 74.0).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode resolved = chain.awaitEvent(deviceId, "AlertResolved");
        assertThat(resolved.path("alertId").asText()).isEqualTo(alertId);
        assertThat(resolved.path("value").asDouble()).isEqualTo(74.0);
        await().atMost(CHAIN).until(() -> chain.sagas(AlertResponseSaga.class, AlertResponseSaga.ALERT_ID, alertId)
                == 0);
        assertThat(chain.sagas(AlertResponseSaga.class, AlertResponseSaga.COMMAND_ID, commandId)).isZero();
        assertThat(chain.deadlinesFor(alertId)).isZero();
        assertThat(chain.deadlinesFor(commandId)).isZero();

        assertThat(chain.historyTypes(deviceId)).containsSubsequence("AlertRaised", "DeviceCommandIssued",
                "DeviceCommandAcknowledged", "DeviceCommandAcknowledged", "AlertResolved")
                .doesNotContain("DeviceCommandRedelivered", "DeviceCommandTimedOut", "AlertEscalated");
        assertThat(chain.messagesOf(deviceId)).extracting(DeviceCommandMessage::attempt)
                .containsExactlyElementsOf(attempts(1));
        assertThat(webhook.receivedFor(alertId)).isEmpty();
        assertThat(chain.notificationStatuses(alertId)).isEmpty();
    }
}
