package io.telemetra.command.device;

import io.telemetra.command.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceRegistrationIT extends IntegrationTestBase {

    @Test
    void registeringADeviceAnswersCreatedWithItsLocation() {
        String deviceId = newDeviceId();

        ResponseEntity<String> response = post("/api/devices", """
                {"deviceId": "%s", "type": "boiler", "name": "Boiler 7", "site": "plant-a",
                 "location": {"lat": 52.1, "lon": 5.2}, "metadata": {"vendor": "acme"}}""".formatted(deviceId));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getHeaders().getLocation()).isEqualTo(URI.create("/api/devices/" + deviceId));
        assertThat(json(response.getBody()).path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(jdbc.queryForObject("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'name' from domain_event_entry
                where aggregate_identifier = ? and sequence_number = 0""", String.class, deviceId))
                .isEqualTo("Boiler 7");
    }

    @Test
    void registeringTheSameDeviceTwiceIsAConflict() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post("/api/devices", """
                {"deviceId": "%s", "type": "boiler", "name": "Another boiler"}""".formatted(deviceId));

        assertProblem(response, HttpStatus.CONFLICT, "DEVICE_ALREADY_REGISTERED", null);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, deviceId)).isEqualTo(1);
    }

    @Test
    void aRegistrationWithoutNameIsRefusedNamingTheField() {
        ResponseEntity<String> response = post("/api/devices", """
                {"deviceId": "%s", "type": "boiler"}""".formatted(newDeviceId()));

        assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "name");
    }

    @Test
    void aRegistrationWithAFieldOfTheWrongTypeIsMalformedNamingTheField() {
        ResponseEntity<String> response = post("/api/devices", """
                {"deviceId": "%s", "type": "boiler", "name": "Boiler", "location": {"lat": "north", "lon": 5}}"""
                .formatted(newDeviceId()));

        assertProblem(response, HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "location.lat");
    }

    @Test
    void aRegistrationThatIsNotJsonIsMalformed() {
        ResponseEntity<String> response = post("/api/devices", "{\"deviceId\": ");

        assertProblem(response, HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", null);
    }
}
