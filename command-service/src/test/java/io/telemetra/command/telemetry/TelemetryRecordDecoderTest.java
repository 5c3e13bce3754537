package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.command.validation.InvalidRequestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A telemetry record's value is bound straight from its bytes; what does not bind is refused as over REST. */
class TelemetryRecordDecoderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final TelemetryRecordDecoder decoder = new TelemetryRecordDecoder(
            new ObjectMapper().registerModule(new JavaTimeModule()),
            new ReadingValidator(new IngestionProperties(Duration.ofMinutes(5), Duration.ofDays(30), 1000)), 1024);

    @Test
    void aReadingRecordBecomesTheReading() {
        Reading reading = decoder.decode(record("pump", """
                {"deviceId":"pump","readingId":"r-1","metric":"temperature","value":21.5,"unit":"Cel",
                 "timestamp":"2026-03-01T11:59:00Z"}"""), NOW);

        assertThat(reading.readingId()).isEqualTo("r-1");
        assertThat(reading.metric()).isEqualTo("temperature");
        assertThat(reading.value()).isEqualTo(21.5);
        assertThat(reading.unit()).isEqualTo("Cel");
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-03-01T11:59:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                           | the record value is not JSON",
            "{\"deviceId\":\"pump\",\"value\":1.2.3} | the record value is not JSON",
            "[]                                 | the record value must be one reading object: {deviceId, readingId?, metric, value, unit?, timestamp}",
            "null                               | the record value must be one reading object: {deviceId, readingId?, metric, value, unit?, timestamp}",
            "21.5                               | the record value must be one reading object: {deviceId, readingId?, metric, value, unit?, timestamp}",
            "''                                 | the record value must be one reading object: {deviceId, readingId?, metric, value, unit?, timestamp}"})
    void whatIsNotOneReadingObjectIsRefusedAsMalformed(String value, String detail) {
        InvalidRequestException refusal = refusal(record("pump", value));

        assertThat(refusal.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(refusal.field()).isNull();
        assertThat(refusal.getMessage()).isEqualTo(detail);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"value\":\"warm\"                  | value     | value must be a number",
            "\"timestamp\":\"yesterday\"         | timestamp | timestamp must be an ISO-8601 instant, e.g. 2026-01-01T12:00:00Z",
            "\"metric\":{\"name\":\"t\"}         | metric    | metric must be a string"})
    void aFieldThatDoesNotBindIsNamed(String field, String name, String detail) {
        InvalidRequestException refusal = refusal(record("pump",
                "{\"deviceId\":\"pump\",\"metric\":\"temperature\",\"value\":1,\"timestamp\":\"2026-03-01T11:59:00Z\","
                        + field + "}"));

        assertThat(refusal.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST);
        assertThat(refusal.field()).isEqualTo(name);
        assertThat(refusal.getMessage()).isEqualTo(detail);
    }

    @Test
    void aReadingOfAnotherDeviceThanTheKeyIsRefused() {
        InvalidRequestException refusal = refusal(record("pump", """
                {"deviceId":"boiler","metric":"temperature","value":1,"timestamp":"2026-03-01T11:59:00Z"}"""));

        assertThat(refusal.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refusal.field()).isEqualTo("deviceId");
    }

    private InvalidRequestException refusal(ConsumerRecord<String, byte[]> record) {
        return catchThrowableOfType(() -> decoder.decode(record, NOW), InvalidRequestException.class);
    }

    private static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>("telemetra.device-telemetry", 0, 0, key, value.getBytes(StandardCharsets.UTF_8));
    }
}
