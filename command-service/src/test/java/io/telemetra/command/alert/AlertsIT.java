package io.telemetra.command.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Alerts raised by readings over REST, acknowledged by operators, listed in the device's history. */
class AlertsIT extends IntegrationTestBase {

    private static final String RULES = """
            {"rules": [{"metric": "temperature", "max": 80, "hysteresis": 2, "severity": "CRITICAL",
                        "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]}""";
    /** Without a response command, the alert's saga writes nothing into the device's stream while the test runs. */
    private static final String RULES_WITHOUT_RESPONSE = """
            {"rules": [{"metric": "temperature", "max": 80, "hysteresis": 2, "severity": "CRITICAL"}]}""";

    @Test
    void aReadingAboveMaxRaisesAnAlertThatAnOperatorAcknowledgesOnce() {
        String deviceId = newDeviceId();
        String alertId = openAlert(deviceId);
        JsonNode raised = events().payloads(deviceId, "AlertRaisedEvent").get(0);
        assertThat(raised.path("kind").asText()).isEqualTo("THRESHOLD_HIGH");
        assertThat(raised.path("detail").asText()).isEqualTo("temperature 92.5 above max 80.0");
        assertThat(raised.at("/rule/response/type").asText()).isEqualTo("THROTTLE");

        assertThat(post(acknowledge(deviceId, alertId), "{\"note\": \"checking the boiler\"}").getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(exchange(HttpMethod.POST, acknowledge(deviceId, alertId), null, TestTokens.admin())
                .getStatusCode()).as("again, without a body").isEqualTo(HttpStatus.NO_CONTENT);

        List<JsonNode> acknowledged = events().payloads(deviceId, "AlertAcknowledgedEvent");
        assertThat(acknowledged).hasSize(1);
        assertThat(acknowledged.get(0).path("alertId").asText()).isEqualTo(alertId);
        assertThat(acknowledged.get(0).path("acknowledgedBy").asText()).isEqualTo("test-operator");
        assertThat(acknowledged.get(0).path("note").asText()).isEqualTo("checking the boiler");
    }

    @Test
    void anAlertAcknowledgedWithoutABodyHasNoNote() {
        String deviceId = newDeviceId();
        String alertId = openAlert(deviceId);

        assertThat(exchange(HttpMethod.POST, acknowledge(deviceId, alertId), null, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(events().payloads(deviceId, "AlertAcknowledgedEvent").get(0).path("note").isNull()).isTrue();
    }

    @Test
    void aResolvedAlertCanNoLongerBeAcknowledged() {
        String deviceId = newDeviceId();
        String alertId = openAlert(deviceId);
        post(readings(deviceId), reading("temperature", 70.0, now()));
        assertThat(events().payloads(deviceId, "AlertResolvedEvent").get(0).path("value").asDouble()).isEqualTo(70.0);

        assertProblem(post(acknowledge(deviceId, alertId), "{}"), HttpStatus.CONFLICT, "ALERT_RESOLVED", null);
    }

    @Test
    void anUnknownAlertOrDeviceIsNotFound() {
        String deviceId = newDeviceId();
        openAlert(deviceId);

        assertProblem(post(acknowledge(deviceId, "no-such-alert"), "{}"), HttpStatus.NOT_FOUND, "ALERT_NOT_FOUND",
                null);
        assertProblem(post(acknowledge(newDeviceId(), "no-such-alert"), "{}"), HttpStatus.NOT_FOUND,
                "DEVICE_NOT_FOUND", null);
    }

    @Test
    void aNoteBeyondItsBoundIsRefusedNamingTheField() {
        String deviceId = newDeviceId();
        String alertId = openAlert(deviceId);

        assertProblem(post(acknowledge(deviceId, alertId), "{\"note\": \"%s\"}".formatted("n".repeat(1001))),
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "note");
    }

    @Test
    void theHistoryListsTheAlertsEventsUnderTheirStableNames() {
        String deviceId = newDeviceId();
        String alertId = openAlert(deviceId, RULES_WITHOUT_RESPONSE);
        post(acknowledge(deviceId, alertId), "{}");
        exchange(HttpMethod.DELETE, "/api/devices/" + deviceId, null, TestTokens.operator());

        JsonNode history = json(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history", null,
                TestTokens.auditor()).getBody());

        List<String> types = new ArrayList<>();
        history.path("content").forEach(event -> types.add(event.path("type").asText()));
        assertThat(types).containsExactly("DeviceRegistered", "DeviceRulesConfigured", "DeviceCameOnline",
                "ReadingRecorded", "AlertRaised", "AlertAcknowledged", "AlertResolved", "DeviceDecommissioned");
        assertThat(history.at("/content/6/payload/reason").asText()).isEqualTo("device decommissioned");
    }

    private String openAlert(String deviceId) {
        return openAlert(deviceId, RULES);
    }

    /** Registers the device with the rules (a max of 80) and posts 92.5: the id of the alert it raised. */
    private String openAlert(String deviceId, String rules) {
        register(deviceId);
        assertThat(exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", rules, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(post(readings(deviceId), reading("temperature", 92.5, now())).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        return events().payloads(deviceId, "AlertRaisedEvent").get(0).path("alertId").asText();
    }

    private static String acknowledge(String deviceId, String alertId) {
        return "/api/devices/" + deviceId + "/alerts/" + alertId + "/acknowledge";
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
