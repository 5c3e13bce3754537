package io.telemetra.command.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceLifecycleIT extends IntegrationTestBase {

    private static final String RULES = """
            {"rules": [{"metric": "temperature", "min": 10, "max": 80, "hysteresis": 2, "severity": "CRITICAL"},
                       {"metric": "pressure", "max": 3.5, "severity": "WARNING"}],
             "reportingIntervalSeconds": 60}""";

    @Test
    void anUpdateIsStoredWithEveryAttributeAsItIsAfterwards() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = patch(deviceId, """
                {"name": "Thermostat 2", "site": "plant-b", "metadata": {"floor": "3"}}""");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode updated = events().lastPayload(deviceId, "DeviceUpdatedEvent");
        assertThat(updated.path("name").asText()).isEqualTo("Thermostat 2");
        assertThat(updated.path("site").asText()).isEqualTo("plant-b");
        assertThat(updated.path("metadata").path("floor").asText()).isEqualTo("3");
    }

    @Test
    void anUpdateThatChangesNothingIsAcceptedAndStoresNothing() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertThat(patch(deviceId, "{\"name\": \"Thermostat\"}").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(patch(deviceId, "{}").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent");
    }

    @Test
    void updatingAnUnknownDeviceIsNotFound() {
        assertProblem(patch(newDeviceId(), "{\"name\": \"x\"}"), HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
    }

    @Test
    void anUpdateOfAnAttributeThatCannotChangeIsRefusedNamingIt() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertProblem(patch(deviceId, "{\"type\": \"pump\"}"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "type");
    }

    @Test
    void rulesAreStoredAsConfigured() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = putRules(deviceId, RULES);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode configured = events().lastPayload(deviceId, "DeviceRulesConfiguredEvent");
        assertThat(configured.path("reportingIntervalSeconds").asInt()).isEqualTo(60);
        assertThat(configured.path("rules")).hasSize(2);
        assertThat(configured.path("rules").get(1).path("severity").asText()).isEqualTo("WARNING");
        assertThat(putRules(deviceId, RULES).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(events().types(deviceId)).as("the same rules again change nothing")
                .containsExactly("DeviceRegisteredEvent", "DeviceRulesConfiguredEvent");
    }

    @Test
    void anInvalidRuleIsRefusedNamingTheField() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = putRules(deviceId, """
                {"rules": [{"metric": "temperature", "min": 10, "max": 20, "hysteresis": 15, "severity": "INFO"}]}""");

        assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "rules[0].hysteresis");
    }

    @Test
    void aDecommissionedDeviceRefusesEveryLaterCommand() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertThat(decommission(deviceId).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        assertProblem(decommission(deviceId), HttpStatus.CONFLICT, "DEVICE_DECOMMISSIONED", null);
        assertProblem(patch(deviceId, "{\"name\": \"x\"}"), HttpStatus.CONFLICT, "DEVICE_DECOMMISSIONED", null);
        assertProblem(putRules(deviceId, RULES), HttpStatus.CONFLICT, "DEVICE_DECOMMISSIONED", null);
        assertProblem(post("/api/devices/" + deviceId + "/readings",
                        reading("temperature", 20, Instant.now().truncatedTo(ChronoUnit.MILLIS))),
                HttpStatus.CONFLICT, "DEVICE_DECOMMISSIONED", null);
        assertThat(events().types(deviceId)).containsExactly("DeviceRegisteredEvent", "DeviceDecommissionedEvent");
    }

    @Test
    void decommissioningAnUnknownDeviceIsNotFound() {
        assertProblem(decommission(newDeviceId()), HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
    }

    private ResponseEntity<String> patch(String deviceId, String json) {
        return exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, json, TestTokens.operator());
    }

    private ResponseEntity<String> putRules(String deviceId, String json) {
        return exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", json, TestTokens.operator());
    }

    private ResponseEntity<String> decommission(String deviceId) {
        return exchange(HttpMethod.DELETE, "/api/devices/" + deviceId, null, TestTokens.admin());
    }
}
