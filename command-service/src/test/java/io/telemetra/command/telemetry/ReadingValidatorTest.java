package io.telemetra.command.telemetry;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRequest;
import io.telemetra.command.validation.InvalidRequestException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final IntFunction<String> ITEMS = index -> "readings[" + index + "]";

    private final ReadingValidator validator =
            new ReadingValidator(new IngestionProperties(Duration.ofMinutes(5), Duration.ofDays(30), 3));

    @Test
    void aValidBatchBecomesReadingsWithTheirIds() {
        List<Reading> readings = validator.validateAll("pump-1", List.of(
                new ReadingRequest("r-1", "temperature", 21.5, "Cel", NOW.minusSeconds(1)),
                new ReadingRequest(null, "flow.rate", -3.0, null, NOW)), NOW, ITEMS);

        assertThat(readings).containsExactly(
                new Reading("r-1", "temperature", 21.5, "Cel", NOW.minusSeconds(1)),
                new Reading(ReadingValidator.derivedReadingId("pump-1", "flow.rate", NOW), "flow.rate", -3.0, null, NOW));
    }

    @Test
    void aReadingWithoutIdGetsTheSameIdEveryTimeItIsSent() {
        ReadingRequest request = new ReadingRequest(null, "temperature", 21.5, null, NOW);

        Reading first = validator.validate("pump-1", request, NOW, "");
        Reading retried = validator.validate("pump-1", request, NOW.plusSeconds(30), "");

        assertThat(first.readingId()).isEqualTo(retried.readingId());
        assertThat(first.readingId())
                .isNotEqualTo(validator.validate("pump-2", request, NOW, "").readingId())
                .isNotEqualTo(validator.validate("pump-1",
                        new ReadingRequest(null, "temperature", 21.5, null, NOW.plusMillis(1)), NOW, "").readingId());
    }

    @Test
    void anInvalidDeviceIdIsRefused() {
        assertRefused(() -> validator.validateAll("pump 1", List.of(valid()), NOW, ITEMS), "deviceId");
    }

    @Test
    void aMissingValueIsRefusedNamingTheReadingInTheBatch() {
        assertRefused(() -> validator.validateAll("pump-1", List.of(valid(), valid(),
                new ReadingRequest(null, "temperature", null, null, NOW)), NOW, ITEMS), "readings[2].value");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aValueThatIsNotAFiniteNumberIsRefused(double value) {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest(null, "temperature", value, null, NOW), NOW, ""), "value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1temperature", "temp erature", "temp/erature"})
    void aMetricNameOutsideThePatternIsRefused(String metric) {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest(null, metric, 1.0, null, NOW), NOW, "readings[0]"), "readings[0].metric");
    }

    @Test
    void aMissingMetricIsRefused() {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest(null, null, 1.0, null, NOW), NOW, ""), "metric");
    }

    @Test
    void anOverlongUnitIsRefused() {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest(null, "temperature", 1.0, "u".repeat(33), NOW), NOW, ""), "unit");
    }

    @Test
    void aReadingIdOutsideThePatternIsRefused() {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest("id with spaces", "temperature", 1.0, null, NOW), NOW, ""), "readingId");
    }

    @Test
    void aMissingTimestampIsRefused() {
        assertRefused(() -> validator.validate("pump-1",
                new ReadingRequest(null, "temperature", 1.0, null, null), NOW, ""), "timestamp");
    }

    @Test
    void timestampsAreAcceptedUpToTheConfiguredSkewAndAge() {
        validator.validate("pump-1", new ReadingRequest(null, "t", 1.0, null, NOW.plus(Duration.ofMinutes(5))), NOW, "");
        validator.validate("pump-1", new ReadingRequest(null, "t", 1.0, null, NOW.minus(Duration.ofDays(30))), NOW, "");
    }

    @Test
    void aTimestampTooFarInTheFutureIsRefused() {
        assertRefused(() -> validator.validate("pump-1", new ReadingRequest(null, "t", 1.0, null,
                NOW.plus(Duration.ofMinutes(5)).plusMillis(1)), NOW, ""), "timestamp");
    }

    @Test
    void aTimestampOlderThanTheMaximumAgeIsRefused() {
        assertRefused(() -> validator.validate("pump-1", new ReadingRequest(null, "t", 1.0, null,
                NOW.minus(Duration.ofDays(30)).minusMillis(1)), NOW, ""), "timestamp");
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertRefused(() -> validator.validateAll("pump-1", List.of(), NOW, ITEMS), "readings");
    }

    @Test
    void aBatchLargerThanTheLimitIsRefusedAsTooLarge() {
        assertThatThrownBy(() -> validator.validateAll("pump-1", Collections.nCopies(4, valid()), NOW, ITEMS))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
                    assertThat(e.field()).isEqualTo("readings");
                });
    }

    @Test
    void aMissingReadingInABatchIsRefused() {
        assertRefused(() -> validator.validateAll("pump-1", Collections.singletonList(null), NOW, ITEMS), "readings[0]");
    }

    private static ReadingRequest valid() {
        return new ReadingRequest(null, "temperature", 20.0, "Cel", NOW);
    }

    private static void assertRefused(ThrowingCallable validation, String field) {
        assertThatThrownBy(validation).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith(field);
        });
    }
}
