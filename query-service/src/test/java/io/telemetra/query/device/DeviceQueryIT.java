package io.telemetra.query.device;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class DeviceQueryIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReadModelRows rows;

    @Test
    void aDeviceIsServedInTheContractShapeWithItsLatestReadingPerMetric() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        jdbc.update("""
                insert into device (device_id, type, name, site, location_lat, location_lon, metadata, status,
                                    registered_at, last_seen, open_alerts, last_sequence)
                values (?, 'thermostat', 'Boiler room', 'plant-1', 48.8566, 2.3522, '{"vendor":"acme"}', 'ONLINE',
                        ?, ?, 2, 17)""",
                deviceId, OffsetDateTime.parse("2026-01-10T08:00:00Z"), OffsetDateTime.parse("2026-03-01T12:01:01Z"));
        insertLatest(deviceId, "temperature", 21.25, "Cel", "2026-03-01T12:01:00Z", 16);
        insertLatest(deviceId, "humidity", 41.0, "%", "2026-03-01T12:00:00Z", 17);

        ResponseEntity<String> response = http.exchange("/api/devices/{id}", HttpMethod.GET,
                bearer(TestTokens.operator()), String.class, deviceId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JSONAssert.assertEquals("""
                {"deviceId": "%s", "type": "thermostat", "name": "Boiler room", "site": "plant-1",
                 "location": {"lat": 48.8566, "lon": 2.3522}, "metadata": {"vendor": "acme"}, "status": "ONLINE",
                 "registeredAt": "2026-01-10T08:00:00Z", "lastSeen": "2026-03-01T12:01:01Z",
                 "latest": {
                   "humidity": {"value": 41.0, "unit": "%%", "timestamp": "2026-03-01T12:00:00Z"},
                   "temperature": {"value": 21.25, "unit": "Cel", "timestamp": "2026-03-01T12:01:00Z"}},
                 "openAlerts": 2}""".formatted(deviceId), response.getBody(), JSONCompareMode.STRICT);
    }

    @Test
    void aJustRegisteredDeviceHasNoLocationLastSeenOrReadings() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        jdbc.update("""
                insert into device (device_id, type, name, status, registered_at, last_sequence)
                values (?, 'meter', 'Meter', 'REGISTERED', ?, 0)""",
                deviceId, OffsetDateTime.parse("2026-01-10T08:00:00Z"));

        String body = http.exchange("/api/devices/{id}", HttpMethod.GET, bearer(TestTokens.auditor()), String.class,
                deviceId).getBody();

        JSONAssert.assertEquals("""
                {"deviceId": "%s", "type": "meter", "name": "Meter", "site": null, "location": null, "metadata": {},
                 "status": "REGISTERED", "registeredAt": "2026-01-10T08:00:00Z", "lastSeen": null, "latest": {},
                 "openAlerts": 0}""".formatted(deviceId), body, JSONCompareMode.STRICT);
    }

    @Test
    void theRulesLastConfiguredOnADeviceAreServedAsTheEventCarriedThem() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        rows.device(deviceId, "thermostat", "Boiler", "plant-1", "ONLINE", Instant.parse("2026-01-10T08:00:00Z"),
                null);
        ResponseEntity<String> none = http.exchange("/api/devices/{id}/rules", HttpMethod.GET,
                bearer(TestTokens.operator()), String.class, deviceId);
        rows.rules(deviceId, """
                [{"metric": "temperature", "min": null, "max": 80.0, "hysteresis": 2.0, "severity": "CRITICAL",
                  "anomaly": null, "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]""", 60);

        ResponseEntity<String> configured = http.exchange("/api/devices/{id}/rules", HttpMethod.GET,
                bearer(TestTokens.operator()), String.class, deviceId);

        JSONAssert.assertEquals("""
                {"deviceId": "%s", "rules": [], "reportingIntervalSeconds": null}""".formatted(deviceId),
                none.getBody(), JSONCompareMode.STRICT);
        JSONAssert.assertEquals("""
                {"deviceId": "%s", "reportingIntervalSeconds": 60, "rules": [
                  {"metric": "temperature", "min": null, "max": 80.0, "hysteresis": 2.0, "severity": "CRITICAL",
                   "anomaly": null, "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]}"""
                .formatted(deviceId), configured.getBody(), JSONCompareMode.STRICT);
        assertThat(http.exchange("/api/devices/{id}/rules", HttpMethod.GET, bearer(TestTokens.operator()),
                String.class, "no-such-device").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anUnknownDeviceIsA404ProblemDetailWithItsCode() throws Exception {
        ResponseEntity<String> response = http.exchange("/api/devices/{id}", HttpMethod.GET, bearer(TestTokens.admin()),
                String.class, "no-such-device");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JSONAssert.assertEquals("""
                {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No device no-such-device",
                 "instance": "/api/devices/no-such-device", "code": "DEVICE_NOT_FOUND"}""",
                response.getBody(), JSONCompareMode.STRICT);
    }

    private void insertLatest(String deviceId, String metric, double value, String unit, String timestamp,
                              long sequence) {
        jdbc.update("""
                insert into device_latest_reading (device_id, metric, value, unit, reading_timestamp, reading_id,
                                                   sequence_number)
                values (?, ?, ?, ?, ?, ?, ?)""",
                deviceId, metric, value, unit, OffsetDateTime.parse(timestamp), UUID.randomUUID().toString(), sequence);
    }
}
