package io.telemetra.query.alert;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import org.junit.jupiter.api.BeforeEach;
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
class AlertListIT {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    Api api;
    @Autowired
    ReadModelRows rows;

    /** Two devices of their own per test, so that filters by device are not disturbed by other tests' alerts. */
    private String boiler;
    private String meter;

    @BeforeEach
    void alerts() {
        boiler = "boiler-" + UUID.randomUUID();
        meter = "meter-" + UUID.randomUUID();
        rows.device(boiler, "thermostat", "Boiler", "plant-1", "ONLINE", T0, T0);
        rows.device(meter, "meter", "Meter", "plant-1", "ONLINE", T0, T0);
        rows.alert(boiler, "a1", "temperature", "CRITICAL", "OPEN", T0, null, 3);
        rows.alert(boiler, "a2", "pressure", "WARNING", "ESCALATED", T0.plusSeconds(10), T0.plusSeconds(70), 5);
        rows.alert(boiler, "a3", "humidity", "INFO", "RESOLVED", T0.plusSeconds(20), null, 7);
        rows.alert(meter, "a4", "power", "CRITICAL", "ACKNOWLEDGED", T0.plusSeconds(30), null, 4);
    }

    @Test
    void aDevicesAlertsAreListedNewestFirstInTheContractPageShape() throws Exception {
        ResponseEntity<String> response = api.get("/api/alerts?deviceId={id}&size=2", boiler);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JSONAssert.assertEquals("""
                {"content": [
                  {"alertId": "a3", "deviceId": "%1$s", "metric": "humidity", "kind": "THRESHOLD_HIGH",
                   "severity": "INFO", "state": "RESOLVED", "value": 92.5, "detail": "humidity 92.5 above max 80.0",
                   "raisedAt": "2026-03-01T12:00:20Z", "acknowledgedBy": null, "acknowledgedAt": null,
                   "escalatedAt": null, "escalationReason": null, "resolvedAt": null,
                   "updatedAt": "2026-03-01T12:00:20Z"},
                  {"alertId": "a2", "deviceId": "%1$s", "metric": "pressure", "kind": "THRESHOLD_HIGH",
                   "severity": "WARNING", "state": "ESCALATED", "value": 92.5, "detail": "pressure 92.5 above max 80.0",
                   "raisedAt": "2026-03-01T12:00:10Z", "acknowledgedBy": null, "acknowledgedAt": null,
                   "escalatedAt": "2026-03-01T12:01:10Z", "escalationReason": "no answer", "resolvedAt": null,
                   "updatedAt": "2026-03-01T12:01:10Z"}],
                 "page": {"number": 0, "size": 2, "totalElements": 3, "totalPages": 2}}""".formatted(boiler),
                response.getBody(), JSONCompareMode.STRICT);
        assertThat(ids(api.get("/api/alerts?deviceId={id}&size=2&page=1", boiler))).containsExactly("a1");
    }

    @Test
    void filtersCombineAndStateAndSeverityTakeSeveralValues() {
        assertThat(ids(api.get("/api/alerts?deviceId={id}&state=open,ACKNOWLEDGED,ESCALATED", boiler)))
                .containsExactly("a2", "a1");
        assertThat(ids(api.get("/api/alerts?deviceId={id}&state=OPEN&state=ESCALATED&severity=CRITICAL", boiler)))
                .containsExactly("a1");
        assertThat(ids(api.get("/api/alerts?deviceId={id}&severity=critical", meter))).containsExactly("a4");
        assertThat(ids(api.get("/api/alerts?deviceId=no-such-device"))).isEmpty();
        List<String> everyCritical = ids(api.get("/api/alerts?severity=CRITICAL&size=200"));
        assertThat(everyCritical).contains("a1", "a4").doesNotContain("a2", "a3");
    }

    @ParameterizedTest(name = "{0}={1} is a 400 naming {0}")
    @CsvSource({
            "state, CLOSED",
            "state, 'OPEN,,ESCALATED'",
            "severity, FATAL",
            "size, 0",
            "size, 201",
            "size, many",
            "page, -1",
            "page, abc"})
    void aBadParameterIsA400ProblemNamingIt(String parameter, String value) {
        ResponseEntity<String> response = api.get("/api/alerts?" + parameter + "={value}", value);

        assertValidationProblem(response, parameter);
        assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).contains(value);
    }

    private static List<String> ids(ResponseEntity<String> response) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return JsonPath.read(response.getBody(), "$.content[*].alertId");
    }
}
