package io.telemetra.command.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.Fields;
import io.telemetra.command.validation.InvalidRequestException;
import io.telemetra.web.JsonPaths;

import java.time.Instant;

import static io.telemetra.command.validation.Fields.path;

/** Binds a reading item of any channel, refusing what does not bind with the field Jackson stopped at. */
final class ReadingJson {

    private ReadingJson() {
    }

    /** @param field the item's own path (e.g. {@code readings[2]}), or empty when the item is the whole body */
    static <T> T bind(ObjectMapper json, JsonNode item, String field, Class<T> type) {
        try {
            return json.treeToValue(item, type);
        } catch (JsonProcessingException e) {
            throw refusal(field, e);
        }
    }

    /** The refusal of an item that Jackson could not bind, naming the field it stopped at. */
    static InvalidRequestException refusal(String field, JsonProcessingException e) {
        String offending = offendingField(field, e);
        return new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, offending,
                (offending == null ? "the reading" : offending) + " must be " + expected(e));
    }

    private static String offendingField(String field, JsonProcessingException e) {
        String nested = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping) : "";
        String offending = nested.isEmpty() ? field : path(field, nested);
        return offending.isEmpty() ? null : offending;
    }

    private static String expected(JsonProcessingException e) {
        Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (type == Instant.class) {
            return "an ISO-8601 instant, e.g. 2026-01-01T12:00:00Z";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a reading object: {readingId?, metric, value, unit?, timestamp}";
    }
}
