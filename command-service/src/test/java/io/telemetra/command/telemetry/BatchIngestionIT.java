package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchIngestionIT extends IntegrationTestBase {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void validReadingsAreStoredPerDeviceAndEveryOtherItemIsRejectedWithItsCode() {
        String pump = newDeviceId();
        String boiler = newDeviceId();
        String unknown = newDeviceId();
        String retired = newDeviceId();
        register(pump);
        register(boiler);
        register(retired);
        exchange(HttpMethod.DELETE, "/api/devices/" + retired, null, TestTokens.operator());

        ResponseEntity<String> response = post("/api/readings", "[%s]".formatted(String.join(",",
                item(pump, "temperature", "20.5"),
                item(unknown, "temperature", "1"),
                item(boiler, "pressure", "1.5"),
                item(pump, "temperature", "\"NaN\""),
                item(pump, "humidity", "\"wet\""),
                """
                        {"metric": "temperature", "value": 1, "timestamp": "%s"}""".formatted(now),
                item(retired, "temperature", "3"),
                item(pump, "humidity", "40"))));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode answer = json(response.getBody());
        assertThat(answer.path("accepted").asInt()).isEqualTo(3);
        assertThat(answer.path("rejected")).extracting(rejection -> rejection.path("index").asInt() + " "
                + rejection.path("code").asText()).containsExactly(
                "1 DEVICE_NOT_FOUND", "3 VALIDATION_FAILED", "4 MALFORMED_REQUEST", "5 VALIDATION_FAILED",
                "6 DEVICE_DECOMMISSIONED");
        assertThat(answer.path("rejected").get(1).path("detail").asText()).startsWith("value");
        assertThat(answer.path("rejected").get(3).path("detail").asText()).startsWith("deviceId");
        assertThat(readingsOf(pump)).containsExactly("temperature", "humidity");
        assertThat(readingsOf(boiler)).containsExactly("pressure");
        assertThat(readingsOf(retired)).isEmpty();
    }

    @Test
    void aDeviceTokenMayPostOnlyItsOwnReadingsTheOthersAreForbiddenItemByItem() {
        String own = newDeviceId();
        String other = newDeviceId();
        register(own);
        register(other);

        ResponseEntity<String> response = post("/api/readings", "[%s, %s]".formatted(
                item(other, "temperature", "1"), item(own, "temperature", "2")), TestTokens.device(own));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode answer = json(response.getBody());
        assertThat(answer.path("accepted").asInt()).isEqualTo(1);
        assertThat(answer.path("rejected")).hasSize(1);
        assertThat(answer.path("rejected").get(0).path("index").asInt()).isZero();
        assertThat(answer.path("rejected").get(0).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(readingsOf(other)).isEmpty();
        assertThat(jdbc.queryForObject("""
                select convert_from(meta_data, 'UTF8')::jsonb ->> 'principal' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'""", String.class, own))
                .as("the caller's principal reaches commands sent from other threads").isEqualTo(own);
    }

    @Test
    void aBatchSentTwiceIsStoredOnceAndAnsweredAsDuplicates() {
        String deviceId = newDeviceId();
        register(deviceId);
        String batch = "[%s, %s]".formatted(item(deviceId, "a", "1"), item(deviceId, "b", "2"));

        ResponseEntity<String> first = post("/api/readings", batch);
        ResponseEntity<String> retried = post("/api/readings", batch);

        assertThat(json(first.getBody())).isEqualTo(json("""
                {"accepted": 2, "duplicates": 0, "rejected": []}"""));
        assertThat(json(retried.getBody())).isEqualTo(json("""
                {"accepted": 0, "duplicates": 2, "rejected": []}"""));
        assertThat(readingsOf(deviceId)).containsExactly("a", "b");
    }

    @Test
    void aConflictingItemIsRejectedWhileTheOthersAreStoredAndTheCountsMatchTheEventStore() {
        String pump = newDeviceId();
        String boiler = newDeviceId();
        register(pump);
        register(boiler);
        post("/api/readings", "[%s, %s]".formatted(item(pump, "temperature", "20.5"), item(pump, "pressure", "1")));

        ResponseEntity<String> response = post("/api/readings", "[%s]".formatted(String.join(",",
                item(pump, "temperature", "20.5"),
                item(pump, "pressure", "1.2"),
                item(pump, "humidity", "40"),
                item(boiler, "temperature", "70"),
                item(boiler, "temperature", "71"))));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode answer = json(response.getBody());
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("duplicates").asInt()).isEqualTo(1);
        assertThat(answer.path("rejected")).extracting(rejection -> rejection.path("index").asInt() + " "
                + rejection.path("code").asText()).containsExactly("1 READING_CONFLICT", "4 READING_CONFLICT");
        assertThat(readingsOf(pump)).containsExactly("temperature", "pressure", "humidity");
        assertThat(readingsOf(boiler)).containsExactly("temperature");
        assertThat(events().payloads(pump, "ReadingRecordedEvent")).extracting(payload ->
                payload.path("value").asDouble()).containsExactly(20.5, 1.0, 40.0);
    }

    @Test
    void aBodyThatIsNotAnArrayIsMalformed() {
        assertProblem(post("/api/readings", item(newDeviceId(), "a", "1")), HttpStatus.BAD_REQUEST,
                "MALFORMED_REQUEST", null);
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertProblem(post("/api/readings", "[]"), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "readings");
    }

    @Test
    void aBatchOverTheLimitIsTooLarge() {
        String batch = "[" + String.join(",", Collections.nCopies(1001, item("dev-1", "t", "1"))) + "]";

        assertProblem(post("/api/readings", batch), HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "readings");
    }

    private String item(String deviceId, String metric, String value) {
        return """
                {"deviceId": "%s", "metric": "%s", "value": %s, "timestamp": "%s"}""".formatted(
                deviceId, metric, value, now);
    }

    private List<String> readingsOf(String deviceId) {
        return jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'metric' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'
                order by sequence_number""", String.class, deviceId);
    }
}
