package io.telemetra.command.devicecommand;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCommandsIT extends IntegrationTestBase {

    @Test
    void anIssuedCommandIsAcceptedWithItsIdAndStoredWithWhoIssuedIt() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(commands(deviceId), """
                {"type": "SET_CONFIG", "parameters": {"sampleRate": 5, "mode": {"eco": true}}}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(response.getBody()).path("commandId").asText();
        assertThat(UUID.fromString(commandId)).isNotNull();
        JsonNode issued = events().payloads(deviceId, "DeviceCommandIssuedEvent").get(0);
        assertThat(issued.path("commandId").asText()).isEqualTo(commandId);
        assertThat(issued.path("type").asText()).isEqualTo("SET_CONFIG");
        assertThat(issued.path("parameters")).isEqualTo(json("""
                {"sampleRate": 5, "mode": {"eco": true}}"""));
        assertThat(issued.path("issuedBy").asText()).isEqualTo("test-operator");
        assertThat(issued.path("alertId").isNull()).isTrue();
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyIssuesOneCommandAndAnswersTheSameId() {
        String deviceId = newDeviceId();
        register(deviceId);
        String key = UUID.randomUUID().toString();

        ResponseEntity<String> first = issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", key, TestTokens.operator());
        ResponseEntity<String> retried = issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", key, TestTokens.operator());
        ResponseEntity<String> otherKey = issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", key + "-2",
                TestTokens.operator());
        ResponseEntity<String> otherCaller = issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", key,
                TestTokens.admin());

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String commandId = json(first.getBody()).path("commandId").asText();
        assertThat(json(retried.getBody()).path("commandId").asText()).isEqualTo(commandId);
        assertThat(json(otherKey.getBody()).path("commandId").asText()).isNotEqualTo(commandId);
        assertThat(json(otherCaller.getBody()).path("commandId").asText()).as("keys are the caller's own")
                .isNotEqualTo(commandId);
        assertThat(events().payloads(deviceId, "DeviceCommandIssuedEvent"))
                .extracting(issued -> issued.path("commandId").asText())
                .containsExactly(commandId, json(otherKey.getBody()).path("commandId").asText(),
                        json(otherCaller.getBody()).path("commandId").asText());
    }

    @Test
    void anIdempotencyKeyThatIsNotVisibleAsciiIsRefusedNamingTheHeader() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertProblem(issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", "two words", TestTokens.operator()),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "Idempotency-Key");
        assertProblem(issueWithKey(deviceId, "{\"type\": \"REBOOT\"}", "k".repeat(256), TestTokens.operator()),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "Idempotency-Key");
        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent");
    }

    @Test
    void aCommandWithoutParametersHasNone() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertThat(post(commands(deviceId), "{\"type\": \"REBOOT\"}", TestTokens.admin()).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        JsonNode issued = events().payloads(deviceId, "DeviceCommandIssuedEvent").get(0);
        assertThat(issued.path("parameters").isEmpty()).isTrue();
        assertThat(issued.path("issuedBy").asText()).isEqualTo("test-admin");
    }

    @Test
    void anInvalidCommandIsRefusedNamingTheField() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertProblem(post(commands(deviceId), "{\"type\": \"reboot now\"}"), HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED", "type");
        assertProblem(post(commands(deviceId), "{}"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "type");
        assertProblem(post(commands(deviceId), "{\"type\": \"REBOOT\", \"parameters\": [1, 2]}"),
                HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "parameters");
        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent");
    }

    @Test
    void aCommandForAnUnknownOrDecommissionedDeviceIsRefused() {
        assertProblem(post(commands(newDeviceId()), "{\"type\": \"REBOOT\"}"), HttpStatus.NOT_FOUND,
                "DEVICE_NOT_FOUND", null);
        String deviceId = newDeviceId();
        register(deviceId);
        exchange(HttpMethod.DELETE, "/api/devices/" + deviceId, null, TestTokens.operator());

        assertProblem(post(commands(deviceId), "{\"type\": \"REBOOT\"}"), HttpStatus.CONFLICT,
                "DEVICE_DECOMMISSIONED", null);
    }

    @Test
    void theDeviceAcceptsThenCompletesItsCommandAndARepeatedAnswerChangesNothing() {
        String deviceId = newDeviceId();
        String commandId = registeredWithCommand(deviceId);
        String device = TestTokens.device(deviceId);

        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"ACCEPTED\"}", device).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\", \"message\": \"rebooted in 4 s\"}",
                device).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\"}", device).getStatusCode())
                .as("a device retrying its answer").isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent", "DeviceCommandIssuedEvent",
                "DeviceCommandAcknowledgedEvent", "DeviceCommandAcknowledgedEvent");
        JsonNode completed = events().payloads(deviceId, "DeviceCommandAcknowledgedEvent").get(1);
        assertThat(completed.path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(completed.path("message").asText()).isEqualTo("rebooted in 4 s");
        assertThat(completed.path("acknowledgedBy").asText()).isEqualTo(deviceId);
    }

    @Test
    void anotherAnswerToAClosedCommandIsAConflict() {
        String deviceId = newDeviceId();
        String commandId = registeredWithCommand(deviceId);
        post(ack(deviceId, commandId), "{\"outcome\": \"REJECTED\"}", TestTokens.device(deviceId));

        assertProblem(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\"}", TestTokens.device(deviceId)),
                HttpStatus.CONFLICT, "DEVICE_COMMAND_CLOSED", null);
    }

    @Test
    void anAnswerToAnUnknownCommandOrDeviceIsNotFound() {
        String deviceId = newDeviceId();
        registeredWithCommand(deviceId);

        assertProblem(post(ack(deviceId, "cmd-unknown"), "{\"outcome\": \"COMPLETED\"}", TestTokens.device(deviceId)),
                HttpStatus.NOT_FOUND, "DEVICE_COMMAND_NOT_FOUND", null);
        String unknownDevice = newDeviceId();
        assertProblem(post(ack(unknownDevice, "cmd-1"), "{\"outcome\": \"COMPLETED\"}",
                TestTokens.device(unknownDevice)), HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
    }

    @Test
    void anAnswerWithAnUnknownOutcomeIsRefusedNamingTheField() {
        String deviceId = newDeviceId();
        String commandId = registeredWithCommand(deviceId);

        assertProblem(post(ack(deviceId, commandId), "{\"outcome\": \"DONE\"}", TestTokens.device(deviceId)),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "outcome");
        assertProblem(post(ack(deviceId, commandId), "{}", TestTokens.device(deviceId)),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "outcome");
    }

    @Test
    void aDeviceMayNotAnswerAnotherDevicesCommandNorMayAnOperator() {
        String deviceId = newDeviceId();
        String other = newDeviceId();
        String commandId = registeredWithCommand(deviceId);
        register(other);

        assertProblem(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\"}", TestTokens.device(other)),
                HttpStatus.FORBIDDEN, "FORBIDDEN", null);
        assertProblem(post(ack(deviceId, commandId), "{\"outcome\": \"COMPLETED\"}", TestTokens.operator()),
                HttpStatus.FORBIDDEN, "FORBIDDEN", null);
        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent", "DeviceCommandIssuedEvent");
    }

    @Test
    void anAdminMayAnswerForTheDevice() {
        String deviceId = newDeviceId();
        String commandId = registeredWithCommand(deviceId);

        assertThat(post(ack(deviceId, commandId), "{\"outcome\": \"FAILED\", \"message\": \"manual reset\"}",
                TestTokens.admin()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(events().payloads(deviceId, "DeviceCommandAcknowledgedEvent").get(0).path("acknowledgedBy").asText())
                .isEqualTo("test-admin");
    }

    private String registeredWithCommand(String deviceId) {
        register(deviceId);
        ResponseEntity<String> response = post(commands(deviceId), "{\"type\": \"REBOOT\"}");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return json(response.getBody()).path("commandId").asText();
    }

    private static String commands(String deviceId) {
        return "/api/devices/" + deviceId + "/commands";
    }

    private static String ack(String deviceId, String commandId) {
        return commands(deviceId) + "/" + commandId + "/ack";
    }

    private ResponseEntity<String> issueWithKey(String deviceId, String json, String key, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(token);
        headers.set("Idempotency-Key", key);
        return http.exchange(commands(deviceId), HttpMethod.POST, new HttpEntity<>(json, headers), String.class);
    }
}
