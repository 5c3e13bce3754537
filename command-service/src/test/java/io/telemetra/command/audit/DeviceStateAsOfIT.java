package io.telemetra.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeviceStateAsOfIT extends IntegrationTestBase {

    private static final int BATCH = 600;

    /**
     * A stream of 609 events with a snapshot after the batch of 600 readings: at each instant an event was stored, the
     * state is the one after the last event stored then (events stored in the same millisecond share an instant), and
     * one millisecond earlier it is the one before. The snapshot holds the state after the batch; it must not leak
     * into earlier instants.
     */
    @Test
    void theStateAtEveryEventBoundaryIsTheStateAfterThatEventWithASnapshotInTheMiddle() {
        String deviceId = newDeviceId();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        register(deviceId);
        post(readings(deviceId), "[" + String.join(",", IntStream.range(0, BATCH)
                .mapToObj(i -> reading("temperature", i, base.plusMillis(i))).toList()) + "]");
        exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, "{\"name\": \"Renamed\"}", TestTokens.operator());
        exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", """
                {"rules": [{"metric": "temperature", "max": 900, "hysteresis": 1, "severity": "WARNING"}]}""",
                TestTokens.operator());
        post(readings(deviceId), reading("temperature", 1000, base.plusSeconds(60)));
        post(readings(deviceId), reading("humidity", 40, base.plusSeconds(61)));
        exchange(HttpMethod.DELETE, "/api/devices/" + deviceId, null, TestTokens.operator());
        long lastSequence = BATCH + 8;
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?", Long.class, deviceId) > 0);
        long snapshotSequence = jdbc.queryForObject(
                "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?", Long.class,
                deviceId);
        assertThat(snapshotSequence).isBetween(2L, lastSequence - 1);

        TreeMap<Instant, Long> lastSequenceAt = new TreeMap<>();
        jdbc.query("select sequence_number, time_stamp from domain_event_entry where aggregate_identifier = ?",
                rs -> {
                    lastSequenceAt.merge(Instant.parse(rs.getString(2)), rs.getLong(1), Math::max);
                }, deviceId);
        assertThat(lastSequenceAt.lastEntry().getValue()).isEqualTo(lastSequence);

        assertProblem(state(deviceId, lastSequenceAt.firstKey().minusMillis(1)), HttpStatus.NOT_FOUND,
                "DEVICE_NOT_FOUND", null);
        Long previous = null;
        for (Map.Entry<Instant, Long> boundary : lastSequenceAt.entrySet()) {
            assertStateAfter(deviceId, boundary.getKey(), boundary.getValue());
            if (previous != null) {
                assertStateAfter(deviceId, boundary.getKey().minusMillis(1), previous);
            }
            previous = boundary.getValue();
        }
    }

    @Test
    void anUnknownDeviceIsNotFoundAndAMalformedInstantIsRefused() {
        String deviceId = newDeviceId();

        assertProblem(state(deviceId, Instant.now()), HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
        register(deviceId);
        assertProblem(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state?asOf=now", null,
                TestTokens.auditor()), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "asOf");
        assertProblem(state(deviceId, Instant.parse("-5000-01-01T00:00:00Z")), HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED", "asOf");
    }

    @Test
    void withoutAnInstantTheStateIsTheCurrentOne() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant measured = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        post(readings(deviceId), reading("temperature", 21.5, measured));

        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state", null,
                TestTokens.admin());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode state = json(response.getBody());
        assertThat(state.path("sequence").asLong()).isEqualTo(2);
        assertThat(state.path("status").asText()).isEqualTo("ONLINE");
        assertThat(state.at("/latest/temperature")).isEqualTo(json("""
                {"value": 21.5, "unit": "Cel", "timestamp": "%s"}""".formatted(measured)));
    }

    /**
     * Events 0 registration, 1 online, 2..601 readings 0..599, then renamed, rules, the reading of 1000 and the alert
     * it raised, a humidity reading, the alert resolved by decommissioning, decommissioned.
     */
    private void assertStateAfter(String deviceId, Instant asOf, long sequence) {
        ResponseEntity<String> response = state(deviceId, asOf);
        assertThat(response.getStatusCode()).as("state at %s", asOf).isEqualTo(HttpStatus.OK);
        JsonNode state = json(response.getBody());
        String at = "state at " + asOf + " after event " + sequence;
        assertThat(state.path("deviceId").asText()).as(at).isEqualTo(deviceId);
        assertThat(Instant.parse(state.path("asOf").asText())).as(at).isEqualTo(asOf);
        assertThat(state.path("sequence").asLong()).as(at).isEqualTo(sequence);
        assertThat(state.path("type").asText()).as(at).isEqualTo("thermostat");
        assertThat(state.path("status").asText()).as(at).isEqualTo(
                sequence == 0 ? "REGISTERED" : sequence < BATCH + 8 ? "ONLINE" : "DECOMMISSIONED");
        assertThat(state.path("name").asText()).as(at).isEqualTo(sequence < BATCH + 2 ? "Thermostat" : "Renamed");
        assertThat(state.path("rules").size()).as(at).isEqualTo(sequence < BATCH + 3 ? 0 : 1);
        assertThat(state.path("lastSeen").isNull()).as(at).isEqualTo(sequence == 0);
        JsonNode latest = state.path("latest");
        double expectedTemperature = sequence < BATCH + 4 ? Math.min(sequence, BATCH + 1) - 2 : 1000;
        if (sequence < 2) {
            assertThat(latest.size()).as(at).isZero();
        } else {
            assertThat(latest.at("/temperature/value").asDouble()).as(at).isEqualTo(expectedTemperature);
            assertThat(latest.has("humidity")).as(at).isEqualTo(sequence >= BATCH + 6);
        }
        boolean alertOpen = sequence >= BATCH + 5 && sequence < BATCH + 7;
        assertThat(state.path("openAlerts").size()).as(at).isEqualTo(alertOpen ? 1 : 0);
        if (alertOpen) {
            assertThat(state.at("/openAlerts/0/state").asText()).as(at).isEqualTo("OPEN");
            assertThat(state.at("/openAlerts/0/detail").asText()).as(at).isEqualTo("temperature 1000.0 above max 900.0");
        }
    }

    private ResponseEntity<String> state(String deviceId, Instant asOf) {
        return exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state?asOf=" + asOf, null,
                TestTokens.auditor());
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }
}
