package io.telemetra.command.telemetry;

import io.telemetra.command.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingIngestionIT extends IntegrationTestBase {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void aSingleReadingIsAcceptedOnceStored() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), reading("temperature", 21.5, now));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(response.getBody()).path("accepted").asInt()).isEqualTo(1);
        assertThat(storedTypes(deviceId)).containsExactly(
                "io.telemetra.api.device.DeviceRegisteredEvent",
                "io.telemetra.api.device.DeviceCameOnlineEvent",
                "io.telemetra.api.telemetry.ReadingRecordedEvent");
    }

    @Test
    void storedReadingsAreJsonReadableFromSql() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), "[%s, %s]".formatted(
                reading("temperature", 21.5, now.minusSeconds(1)), reading("humidity", 40.25, now)));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(response.getBody()).path("accepted").asInt()).isEqualTo(2);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'metric' as metric,
                       (convert_from(payload, 'UTF8')::jsonb ->> 'value')::float8 as value,
                       convert_from(payload, 'UTF8')::jsonb ->> 'timestamp' as timestamp,
                       convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' is not null as correlated
                from domain_event_entry
                where aggregate_identifier = ? and payload_type = 'io.telemetra.api.telemetry.ReadingRecordedEvent'
                order by sequence_number""", deviceId);
        assertThat(rows).containsExactly(
                Map.of("metric", "temperature", "value", 21.5, "timestamp", now.minusSeconds(1).toString(),
                        "correlated", true),
                Map.of("metric", "humidity", "value", 40.25, "timestamp", now.toString(), "correlated", true));
    }

    @Test
    void oneBatchIsStoredWithConsecutiveGlobalIndexes() {
        String deviceId = newDeviceId();
        register(deviceId);

        post(readings(deviceId), "[%s, %s, %s]".formatted(reading("a", 1, now), reading("b", 2, now),
                reading("c", 3, now)));

        List<Long> indexes = jdbc.queryForList("""
                select global_index from domain_event_entry where aggregate_identifier = ? and sequence_number > 0
                order by sequence_number""", Long.class, deviceId);
        assertThat(indexes).hasSize(4);
        assertThat(indexes.get(3) - indexes.get(0)).isEqualTo(3);
    }

    @Test
    void aReadingSentTwiceIsStoredOnceAndAcceptedBothTimes() {
        String deviceId = newDeviceId();
        register(deviceId);
        String batch = "[%s, %s]".formatted("""
                {"readingId": "r-1", "metric": "temperature", "value": 20.5, "timestamp": "%s"}""".formatted(now),
                reading("humidity", 40, now));

        ResponseEntity<String> first = post(readings(deviceId), batch);
        ResponseEntity<String> retried = post(readings(deviceId), batch);

        assertThat(json(first.getBody()).path("accepted").asInt()).isEqualTo(2);
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(retried.getBody()).path("accepted").asInt()).isEqualTo(2);
        assertThat(storedTypes(deviceId)).filteredOn(type -> type.endsWith("ReadingRecordedEvent")).hasSize(2);
    }

    @Test
    void readingsOfAnUnknownDeviceAreNotFound() {
        ResponseEntity<String> response = post(readings(newDeviceId()), reading("temperature", 21.5, now));

        assertProblem(response, HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", null);
    }

    @Test
    void anInvalidReadingInABatchIsRefusedNamingItAndNothingIsStored() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), "[%s, %s, %s]".formatted(
                reading("temperature", 21.5, now), reading("temperature", 21.6, now),
                reading("temperature", 1, now.plus(Duration.ofHours(1)))));

        assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "readings[2].timestamp");
        assertThat(storedTypes(deviceId)).hasSize(1);
    }

    @Test
    void aValueOfNaNIsRefused() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), """
                {"metric": "temperature", "value": "NaN", "timestamp": "%s"}""".formatted(now));

        assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "value");
    }

    @Test
    void aTimestampThatIsNotAnInstantIsMalformedNamingTheField() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), """
                [{"metric": "temperature", "value": 1, "timestamp": "yesterday"}]""");

        assertProblem(response, HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "readings[0].timestamp");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        ResponseEntity<String> response = post(readings(newDeviceId()), "[{\"metric\": \"temperature\",");

        assertProblem(response, HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", null);
    }

    @Test
    void aBatchOverTheLimitIsTooLarge() {
        String deviceId = newDeviceId();
        String batch = "[" + String.join(",", Collections.nCopies(1001, reading("t", 1, now))) + "]";

        ResponseEntity<String> response = post(readings(deviceId), batch);

        assertProblem(response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "readings");
    }

    @Test
    void anInvalidDeviceIdIsRefused() {
        ResponseEntity<String> response = post(readings("bad!id"), reading("temperature", 1, now));

        assertProblem(response, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "deviceId");
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }

    private List<String> storedTypes(String deviceId) {
        return jdbc.queryForList("""
                select payload_type from domain_event_entry where aggregate_identifier = ?
                order by sequence_number""", String.class, deviceId);
    }
}
