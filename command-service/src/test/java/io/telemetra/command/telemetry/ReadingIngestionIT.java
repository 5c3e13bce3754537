package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

    @Autowired
    private MeterRegistry meters;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void aSingleReadingIsAcceptedOnceStored() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), reading("temperature", 21.5, now));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(response.getBody())).isEqualTo(json("{\"accepted\": 1, \"duplicates\": 0}"));
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
    void oneRequestIsStoredInOneTransaction() {
        String deviceId = newDeviceId();
        register(deviceId);

        post(readings(deviceId), "[%s, %s, %s]".formatted(reading("a", 1, now), reading("b", 2, now),
                reading("c", 3, now)));

        assertThat(jdbc.queryForList("""
                select xmin::text from domain_event_entry where aggregate_identifier = ? and sequence_number > 0""",
                String.class, deviceId)).as("the transaction of each event").hasSize(4).containsOnly(
                jdbc.queryForObject("""
                        select xmin::text from domain_event_entry where aggregate_identifier = ?
                        and sequence_number = 1""", String.class, deviceId));
    }

    @Test
    void aRequestSentAgainIsStoredOnceAndAnsweredAsDuplicates() {
        String deviceId = newDeviceId();
        register(deviceId);
        String batch = "[%s, %s]".formatted("""
                {"readingId": "r-1", "metric": "temperature", "value": 20.5, "timestamp": "%s"}""".formatted(now),
                reading("humidity", 40, now));

        ResponseEntity<String> first = post(readings(deviceId), batch);
        ResponseEntity<String> retried = post(readings(deviceId), batch);

        assertThat(json(first.getBody())).isEqualTo(json("{\"accepted\": 2, \"duplicates\": 0}"));
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(retried.getBody())).isEqualTo(json("{\"accepted\": 0, \"duplicates\": 2}"));
        assertThat(storedTypes(deviceId)).filteredOn(type -> type.endsWith("ReadingRecordedEvent")).hasSize(2);
    }

    @Test
    void readingsWithoutIdsAtTheSameTimestampAreOneReadingAndAnotherValueThereConflicts() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);

        ResponseEntity<String> first = post(readings(deviceId), reading("temperature", 21.0, second));
        ResponseEntity<String> changed = post(readings(deviceId), reading("temperature", 21.4, second));
        ResponseEntity<String> otherUnit = post(readings(deviceId), """
                {"metric": "temperature", "value": 21.0, "unit": "K", "timestamp": "%s"}""".formatted(second));
        ResponseEntity<String> repeated = post(readings(deviceId), reading("temperature", 21.0, second));
        ResponseEntity<String> finer = post(readings(deviceId), reading("temperature", 21.4, second.plusMillis(300)));

        assertThat(json(first.getBody())).isEqualTo(json("{\"accepted\": 1, \"duplicates\": 0}"));
        assertProblem(changed, HttpStatus.CONFLICT, "READING_CONFLICT", "readingId");
        assertThat(json(changed.getBody()).path("detail").asText()).contains("device, metric and timestamp");
        assertProblem(otherUnit, HttpStatus.CONFLICT, "READING_CONFLICT", "readingId");
        assertThat(json(repeated.getBody())).isEqualTo(json("{\"accepted\": 0, \"duplicates\": 1}"));
        assertThat(json(finer.getBody())).isEqualTo(json("{\"accepted\": 1, \"duplicates\": 0}"));
        assertThat(events().payloads(deviceId, "ReadingRecordedEvent"))
                .extracting(payload -> payload.path("value").asDouble()).containsExactly(21.0, 21.4);
    }

    @Test
    void aConflictAnywhereInARequestRefusesItWholeAndNothingOfItIsStored() {
        String deviceId = newDeviceId();
        register(deviceId);
        post(readings(deviceId), """
                {"readingId": "r-1", "metric": "temperature", "value": 20.5, "timestamp": "%s"}""".formatted(now));
        String fresh = """
                {"readingId": "r-2", "metric": "temperature", "value": 20.6, "timestamp": "%s"}""".formatted(now);
        double conflictsBefore = rejected("READING_CONFLICT");

        ResponseEntity<String> refused = post(readings(deviceId), "[%s, %s]".formatted(fresh, """
                {"readingId": "r-1", "metric": "temperature", "value": 99, "timestamp": "%s"}""".formatted(now)));

        assertProblem(refused, HttpStatus.CONFLICT, "READING_CONFLICT", "readings[1].readingId");
        assertThat(events().payloads(deviceId, "ReadingRecordedEvent")).hasSize(1);
        assertThat(rejected("READING_CONFLICT") - conflictsBefore).as("both readings of the request").isEqualTo(2);
        assertThat(json(post(readings(deviceId), fresh).getBody()))
                .as("the readings of the refused request were not remembered either")
                .isEqualTo(json("{\"accepted\": 1, \"duplicates\": 0}"));
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

    private double rejected(String code) {
        Counter counter = meters.find("telemetra.readings.rejected").tags("channel", "rest", "code", code).counter();
        return counter == null ? 0 : counter.count();
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
