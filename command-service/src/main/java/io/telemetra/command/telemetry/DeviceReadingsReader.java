package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRequest;
import io.telemetra.command.validation.InvalidRequestException;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One device's readings as its channels carry them, checked alike: one reading object or an array of them, the body of
 * {@code POST /api/devices/{deviceId}/readings} and the payload of MQTT's {@code telemetra/devices/{deviceId}/readings}.
 */
@Component
public class DeviceReadingsReader {

    private final ObjectMapper objectMapper;
    private final ReadingValidator validator;

    public DeviceReadingsReader(ObjectMapper objectMapper, ReadingValidator validator) {
        this.objectMapper = objectMapper;
        this.validator = validator;
    }

    /** Names the reading at an index in refusals: {@code readings[i]} in an array, nothing for a lone reading. */
    public static IntFunction<String> fieldNames(JsonNode body) {
        return body.isArray() ? index -> "readings[" + index + "]" : index -> "";
    }

    /** How many readings a body carries, to count a refused one. */
    public static int size(JsonNode body) {
        return body.isArray() ? body.size() : 1;
    }

    /**
     * The body's readings, validated; the first offending field refuses the whole body.
     *
     * @throws InvalidRequestException with the code and field a REST submission gets
     */
    public List<Reading> read(String deviceId, JsonNode body, Instant receivedAt) {
        if (!body.isArray() && !body.isObject()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null,
                    "the body must be a reading object or an array of them");
        }
        IntFunction<String> fieldOf = fieldNames(body);
        if (body.isArray()) {
            validator.checkBatchSize(body.size(), "readings");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        List<ReadingRequest> requests = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            requests.add(ReadingJson.bind(objectMapper, items.get(i), fieldOf.apply(i), ReadingRequest.class));
        }
        return validator.validateAll(deviceId, requests, receivedAt, fieldOf);
    }
}
