package io.telemetra.query.devicecommand;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.telemetra.query.support.Problems.assertValidationProblem;
import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class DeviceCommandsIT {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    Api api;
    @Autowired
    ReadModelRows rows;

    @Test
    void aDevicesCommandsAreListedNewestFirstInTheContractPageShape() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        rows.device(deviceId, "thermostat", "Boiler", "plant-1", "ONLINE", T0, T0);
        rows.command(deviceId, "c1", "REBOOT", "COMPLETED", T0, 2);
        rows.command(deviceId, "c2", "THROTTLE", "ISSUED", T0.plusSeconds(60), 3);
        rows.command(deviceId, "c3", "SET_CONFIG", "TIMED_OUT", T0.plusSeconds(30), 4);

        ResponseEntity<String> response = api.get("/api/devices/{id}/commands?size=2", deviceId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JSONAssert.assertEquals("""
                {"content": [
                  {"commandId": "c2", "deviceId": "%1$s", "type": "THROTTLE", "parameters": {"percent": 50},
                   "status": "ISSUED", "issuedBy": "op-1", "issuedAt": "2026-03-01T12:01:00Z", "alertId": null,
                   "attempts": 1, "outcome": null, "message": null, "answeredAt": null},
                  {"commandId": "c3", "deviceId": "%1$s", "type": "SET_CONFIG", "parameters": {"percent": 50},
                   "status": "TIMED_OUT", "issuedBy": "op-1", "issuedAt": "2026-03-01T12:00:30Z", "alertId": null,
                   "attempts": 1, "outcome": null, "message": null, "answeredAt": null}],
                 "page": {"number": 0, "size": 2, "totalElements": 3, "totalPages": 2}}""".formatted(deviceId),
                response.getBody(), JSONCompareMode.STRICT);
        List<String> second = JsonPath.read(api.get("/api/devices/{id}/commands?size=2&page=1", deviceId).getBody(),
                "$.content[*].commandId");
        assertThat(second).containsExactly("c1");
    }

    @Test
    void aDeviceWithoutCommandsHasAnEmptyPageAndAnUnknownDeviceIsA404() {
        String deviceId = "dev-" + UUID.randomUUID();
        rows.device(deviceId, "meter", "Meter", null, "REGISTERED", T0, null);

        ResponseEntity<String> empty = api.get("/api/devices/{id}/commands", deviceId);
        ResponseEntity<String> unknown = api.get("/api/devices/{id}/commands", "no-such-device");

        assertThat(JsonPath.<List<Object>>read(empty.getBody(), "$.content")).isEmpty();
        assertThat(JsonPath.<Integer>read(empty.getBody(), "$.page.totalPages")).isZero();
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<String>read(unknown.getBody(), "$.code")).isEqualTo("DEVICE_NOT_FOUND");
    }

    @ParameterizedTest(name = "{0}={1} is a 400 naming {0}")
    @CsvSource({"size, 0", "size, 201", "page, -1", "page, abc"})
    void aBadPageOrSizeIsA400ProblemNamingIt(String parameter, String value) {
        ResponseEntity<String> response = api.get("/api/devices/any/commands?" + parameter + "={value}", value);

        assertValidationProblem(response, parameter);
    }
}
