package io.telemetra.command.telemetry;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRequest;
import io.telemetra.command.validation.Fields;
import io.telemetra.command.validation.InvalidRequestException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import static io.telemetra.command.validation.Fields.optionalText;
import static io.telemetra.command.validation.Fields.path;
import static io.telemetra.command.validation.Fields.requireIdentifier;
import static io.telemetra.command.validation.Fields.requireMatch;
import static io.telemetra.command.validation.Fields.requirePresent;
import static io.telemetra.command.validation.InvalidRequestException.invalid;

/**
 * The one place where readings are checked before they reach the Device aggregate, whatever channel brought them.
 * Time limits are relative to {@code receivedAt}, the ingestion time stamped from the service's clock.
 */
@Component
public class ReadingValidator {

    static final int MAX_UNIT_LENGTH = 32;

    private final IngestionProperties limits;

    public ReadingValidator(IngestionProperties limits) {
        this.limits = limits;
    }

    /**
     * Validates one device's batch. {@code fieldOf} names the item at an index, e.g. {@code readings[2]}; the first
     * invalid field is reported.
     */
    public List<Reading> validateAll(String deviceId, List<ReadingRequest> requests, Instant receivedAt,
                                     IntFunction<String> fieldOf) {
        requireIdentifier(deviceId, "deviceId");
        checkBatchSize(requests.size(), "readings");
        List<Reading> readings = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            readings.add(validate(deviceId, requests.get(i), receivedAt, fieldOf.apply(i)));
        }
        return readings;
    }

    public void checkBatchSize(int size, String field) {
        if (size == 0) {
            throw invalid(field, field + " must contain at least one reading");
        }
        if (size > limits.maxBatchSize()) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, field,
                    "at most " + limits.maxBatchSize() + " readings per request, got " + size);
        }
    }

    /** Validates one reading of an already validated device; {@code field} prefixes the names of its fields. */
    public Reading validate(String deviceId, ReadingRequest request, Instant receivedAt, String field) {
        requirePresent(request, field.isEmpty() ? "reading" : field);
        String metric = requireMatch(request.metric(), Fields.METRIC, path(field, "metric"));
        double value = requireFinite(request.value(), path(field, "value"));
        String unit = optionalText(request.unit(), MAX_UNIT_LENGTH, path(field, "unit"));
        Instant timestamp = requireRecent(request.timestamp(), receivedAt, path(field, "timestamp"));
        String readingId = request.readingId() == null
                ? derivedReadingId(deviceId, metric, timestamp)
                : requireIdentifier(request.readingId(), path(field, "readingId"));
        return new Reading(readingId, metric, value, unit, timestamp);
    }

    /**
     * A reading without an id is identified by what it measured: a retried request yields the same id, so the
     * aggregate can recognise it as the same reading.
     */
    public static String derivedReadingId(String deviceId, String metric, Instant timestamp) {
        String key = deviceId + '|' + metric + '|' + timestamp;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static double requireFinite(Double value, String field) {
        requirePresent(value, field);
        if (!Double.isFinite(value)) {
            throw invalid(field, field + " must be a finite number");
        }
        return value;
    }

    private Instant requireRecent(Instant timestamp, Instant receivedAt, String field) {
        requirePresent(timestamp, field);
        if (timestamp.isAfter(receivedAt.plus(limits.maxFutureSkew()))) {
            throw invalid(field, field + " is more than " + limits.maxFutureSkew() + " in the future");
        }
        if (timestamp.isBefore(receivedAt.minus(limits.maxAge()))) {
            throw invalid(field, field + " is older than " + limits.maxAge());
        }
        return timestamp;
    }
}
