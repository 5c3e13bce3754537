package io.telemetra.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceHistoryIT extends IntegrationTestBase {

    @Test
    void theHistoryListsEveryEventInStreamOrderWithWhoDidItAndWhy() {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);
        post(readings(deviceId), "[%s, %s]".formatted(reading("temperature", 20.5, now.minusSeconds(2)),
                reading("temperature", 21.0, now.minusSeconds(1))));
        assertThat(exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, "{\"name\": \"Boiler\"}",
                TestTokens.operator()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode page = history(deviceId, "", TestTokens.auditor());

        List<JsonNode> events = content(page);
        assertThat(events).extracting(event -> event.path("sequence").asLong()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(events).extracting(event -> event.path("type").asText()).containsExactly(
                "DeviceRegistered", "DeviceCameOnline", "ReadingRecorded", "ReadingRecorded", "DeviceUpdated");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("payload").path("deviceId").asText()).isEqualTo(deviceId);
            assertThat(event.path("revision").asText()).isEqualTo("1");
            assertThat(event.path("principal").asText()).isEqualTo("test-operator");
            assertThat(event.path("correlationId").asText()).isNotBlank();
            assertThat(event.path("causationId").asText()).isNotBlank();
            assertThat(Instant.parse(event.path("timestamp").asText())).isBetween(now.minusSeconds(60), Instant.now());
        });
        assertThat(events).extracting(event -> event.path("eventId").asText()).doesNotHaveDuplicates();
        assertThat(events.get(3).path("payload").path("value").asDouble()).isEqualTo(21.0);
        assertThat(events.get(4).path("payload").path("name").asText()).isEqualTo("Boiler");
        assertThat(events.get(2).path("causationId").asText()).as("both readings came with one request")
                .isEqualTo(events.get(3).path("causationId").asText());
        assertThat(page.path("page")).isEqualTo(json("""
                {"number": 0, "size": 50, "totalElements": 5, "totalPages": 1}"""));
    }

    @Test
    void pagesCutTheStreamInOrder() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        post(readings(deviceId), "[" + String.join(",", IntStream.range(0, 10)
                .mapToObj(i -> reading("temperature", i, now.minusSeconds(10 - i))).toList()) + "]");

        assertThat(sequences(history(deviceId, "?size=5", TestTokens.auditor()))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(sequences(history(deviceId, "?size=5&page=1", TestTokens.admin())))
                .containsExactly(5L, 6L, 7L, 8L, 9L);
        JsonNode last = history(deviceId, "?size=5&page=2", TestTokens.auditor());
        assertThat(sequences(last)).containsExactly(10L, 11L);
        assertThat(last.path("page")).isEqualTo(json("""
                {"number": 2, "size": 5, "totalElements": 12, "totalPages": 3}"""));
        assertThat(sequences(history(deviceId, "?size=5&page=3", TestTokens.auditor()))).isEmpty();
    }

    @Test
    void filtersKeepEventsOfOneTypeOrStoredWithinATimeRange() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 4; i++) {
            post(readings(deviceId), reading("temperature", i, now.minusSeconds(10 - i)));
        }
        exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, "{\"site\": \"plant-b\"}", TestTokens.operator());
        List<Map<String, Object>> stored = jdbc.queryForList("""
                select sequence_number, time_stamp from domain_event_entry
                where aggregate_identifier = ? order by sequence_number""", deviceId);
        Instant from = Instant.parse((String) stored.get(2).get("time_stamp"));
        Instant to = Instant.parse((String) stored.get(5).get("time_stamp"));
        List<Long> storedWithin = new ArrayList<>();
        stored.forEach(row -> {
            Instant at = Instant.parse((String) row.get("time_stamp"));
            if (!at.isBefore(from) && at.isBefore(to)) {
                storedWithin.add((Long) row.get("sequence_number"));
            }
        });

        assertThat(sequences(history(deviceId, "?type=ReadingRecorded", TestTokens.auditor())))
                .containsExactly(2L, 3L, 4L, 5L);
        assertThat(sequences(history(deviceId, "?type=DeviceUpdated", TestTokens.auditor()))).containsExactly(6L);
        assertThat(sequences(history(deviceId, "?from=" + from + "&to=" + to, TestTokens.auditor())))
                .isEqualTo(storedWithin)
                .contains(2L)
                .doesNotContain(0L, 6L);
        assertThat(sequences(history(deviceId, "?from=" + from, TestTokens.auditor()))).endsWith(5L, 6L);
        assertThat(sequences(history(deviceId, "?to=" + from, TestTokens.auditor()))).startsWith(0L)
                .doesNotContain(2L);
    }

    @Test
    void anEventStoredInAnOlderRevisionIsShownAsTheCurrentContractReadsIt() {
        String deviceId = newDeviceId();
        jdbc.update("""
                        insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,
                            sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data)
                        values (nextval('domain_event_entry_seq'), ?, ?, 0, 'Device', '2026-01-15T10:00:00.000Z',
                                'io.telemetra.api.device.DeviceRegisteredEvent', '0', convert_to(?, 'UTF8'),
                                convert_to('{"principal": "pilot-import"}', 'UTF8'))""",
                UUID.randomUUID().toString(), deviceId, """
                        {"deviceId": "%s", "type": "thermostat", "name": "Pilot", "location": "52.5,13.4",
                         "registeredAt": "2026-01-15T10:00:00Z"}""".formatted(deviceId));

        JsonNode event = content(history(deviceId, "", TestTokens.auditor())).get(0);

        assertThat(event.path("revision").asText()).isEqualTo("1");
        assertThat(event.path("payload").path("location")).isEqualTo(json("{\"lat\": 52.5, \"lon\": 13.4}"));
        assertThat(event.path("principal").asText()).isEqualTo("pilot-import");
        assertThat(event.path("causationId").isNull()).as("absent from the metadata").isTrue();
    }

    @Test
    void anUnknownDeviceIsNotFound() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/devices/" + newDeviceId() + "/history", null,
                TestTokens.auditor());

        assertProblem(response, HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
    }

    @Test
    void aBadParameterIsRefusedNamingIt() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertProblem(get(deviceId, "?from=yesterday"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "from");
        assertProblem(get(deviceId, "?from=-5000-01-01T00:00:00Z"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                "from");
        assertProblem(get(deviceId, "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"), HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED", "to");
        assertProblem(get(deviceId, "?type=ReadingDeleted"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "type");
        assertProblem(get(deviceId, "?size=0"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "size");
        assertProblem(get(deviceId, "?size=501"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "size");
        assertProblem(get(deviceId, "?page=-1"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "page");
    }

    @Test
    void theHistoryIsForAuditorsAndAdminsOnly() {
        String deviceId = newDeviceId();
        register(deviceId);

        assertThat(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history", null, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history", null,
                TestTokens.device(deviceId)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> get(String deviceId, String query) {
        return exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history" + query, null, TestTokens.auditor());
    }

    private JsonNode history(String deviceId, String query, String token) {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history" + query,
                null, token);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json(response.getBody());
    }

    private static List<JsonNode> content(JsonNode page) {
        List<JsonNode> events = new ArrayList<>();
        page.path("content").forEach(events::add);
        return events;
    }

    private static List<Long> sequences(JsonNode page) {
        return content(page).stream().map(event -> event.path("sequence").asLong()).toList();
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }
}
