package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.DeviceReading;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.command.validation.InvalidRequestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.time.Instant;

import static io.telemetra.command.validation.Fields.requireIdentifier;
import static io.telemetra.command.validation.InvalidRequestException.invalid;

/**
 * A {@code telemetra.device-telemetry} record as a validated reading: keyed by its device id, its value one reading as
 * JSON (a {@code POST /api/readings} item), checked exactly as over REST. Refusals carry the code a REST submission
 * would have got.
 */
final class TelemetryRecordDecoder {

    // Bound straight from the record's bytes: a tree first would parse every record twice over.
    private final ObjectReader reader;
    private final ReadingValidator validator;
    private final long maxRecordBytes;

    TelemetryRecordDecoder(ObjectMapper json, ReadingValidator validator, long maxRecordBytes) {
        this.reader = json.readerFor(DeviceReading.class);
        this.validator = validator;
        this.maxRecordBytes = maxRecordBytes;
    }

    Reading decode(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        if (record.value() == null) {
            throw malformed("the record has no value; one reading as JSON is expected");
        }
        if (record.value().length > maxRecordBytes) {
            throw new InvalidRequestException(ErrorCode.PAYLOAD_TOO_LARGE, null,
                    "the record value exceeds " + maxRecordBytes + " bytes");
        }
        if (record.key() == null || record.key().isBlank()) {
            throw malformed("the record has no key; the device id is the key");
        }
        DeviceReading item;
        try {
            item = reader.readValue(record.value());
        } catch (MismatchedInputException e) {
            throw e.getPath().isEmpty() ? notOneReading() : ReadingJson.refusal("", e);
        } catch (DatabindException e) {
            throw ReadingJson.refusal("", e);
        } catch (IOException e) {
            throw malformed("the record value is not JSON");
        }
        if (item == null) {
            throw notOneReading();
        }
        String deviceId = requireIdentifier(item.deviceId(), "deviceId");
        if (!deviceId.equals(record.key())) {
            throw invalid("deviceId", "deviceId " + deviceId + " is not the record key " + record.key());
        }
        return validator.validate(deviceId, item.withoutDevice(), receivedAt, "");
    }

    private static InvalidRequestException notOneReading() {
        return malformed("the record value must be one reading object: "
                + "{deviceId, readingId?, metric, value, unit?, timestamp}");
    }

    private static InvalidRequestException malformed(String detail) {
        return new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null, detail);
    }
}
