package io.telemetra.command.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.ReadingRequest;
import io.telemetra.api.telemetry.ReadingsAccepted;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.validation.Fields;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static io.telemetra.command.validation.Fields.path;

@RestController
class ReadingController {

    private final CommandGateway commandGateway;
    private final ReadingValidator validator;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final Counter acceptedReadings;

    ReadingController(CommandGateway commandGateway, ReadingValidator validator, ObjectMapper objectMapper,
                      Clock clock, MeterRegistry meterRegistry) {
        this.commandGateway = commandGateway;
        this.validator = validator;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.acceptedReadings = Counter.builder("telemetra.readings.accepted")
                .description("Readings durably stored")
                .tag("channel", "rest")
                .register(meterRegistry);
    }

    /**
     * One reading object or an array of them, recorded by one command in one transaction: the 202 is sent only once
     * every reading is stored.
     */
    @PostMapping(path = "/api/devices/{deviceId}/readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReadingsAccepted> record(@PathVariable String deviceId, @RequestBody JsonNode body) {
        Instant receivedAt = clock.instant();
        boolean batch = body.isArray();
        IntFunction<String> fieldOf = batch ? index -> "readings[" + index + "]" : index -> "";
        if (batch) {
            validator.checkBatchSize(body.size(), "readings");
        }
        List<ReadingRequest> requests = bind(body, fieldOf);
        RecordReadingsCommand command = validator.toCommand(deviceId, requests, receivedAt, fieldOf);
        commandGateway.sendAndWait(command);
        acceptedReadings.increment(command.readings().size());
        return ResponseEntity.accepted().body(new ReadingsAccepted(command.readings().size()));
    }

    private List<ReadingRequest> bind(JsonNode body, IntFunction<String> fieldOf) {
        if (!body.isArray() && !body.isObject()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null,
                    "the body must be a reading object or an array of them");
        }
        List<JsonNode> items = new ArrayList<>(body.size());
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        List<ReadingRequest> requests = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            requests.add(bindOne(items.get(i), fieldOf.apply(i)));
        }
        return requests;
    }

    private ReadingRequest bindOne(JsonNode item, String field) {
        try {
            return objectMapper.treeToValue(item, ReadingRequest.class);
        } catch (JsonProcessingException e) {
            String offending = offendingField(field, e);
            throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, offending,
                    (offending == null ? "the reading" : offending) + " must be " + expected(e));
        }
    }

    private static String offendingField(String field, JsonProcessingException e) {
        String nested = e instanceof JsonMappingException mapping ? Fields.pathOf(mapping) : "";
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
