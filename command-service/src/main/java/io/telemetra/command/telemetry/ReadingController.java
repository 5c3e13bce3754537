package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.security.Role;
import io.telemetra.api.telemetry.BatchReadingsAccepted;
import io.telemetra.api.telemetry.DeviceReading;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingsAccepted;
import io.telemetra.api.telemetry.RejectedReading;
import io.telemetra.command.validation.InvalidRequestException;
import io.telemetra.security.Caller;
import io.telemetra.security.TelemetraSecurityProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.telemetra.command.validation.Fields.requireIdentifier;

@RestController
class ReadingController {

    private final ReadingIngestion ingestion;
    private final DeviceReadingsReader reader;
    private final ReadingValidator validator;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final TelemetraSecurityProperties security;

    ReadingController(ReadingIngestion ingestion, DeviceReadingsReader reader, ReadingValidator validator,
                      ObjectMapper objectMapper, Clock clock, TelemetraSecurityProperties security) {
        this.ingestion = ingestion;
        this.reader = reader;
        this.validator = validator;
        this.objectMapper = objectMapper;
        this.clock = clock;
        this.security = security;
    }

    /**
     * One reading object or an array of them, recorded whole or not at all, in one transaction: the 202 is sent only
     * once every reading is stored. A device token may only post its own readings.
     */
    @PostMapping(path = "/api/devices/{deviceId}/readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReadingsAccepted> record(@PathVariable String deviceId, @RequestBody JsonNode body,
                                            Authentication authentication) {
        if (!Caller.of(authentication, security).mayActFor(deviceId, Role.OPERATOR, Role.ADMIN)) {
            throw new AccessDeniedException("a device token may only post readings of its own device");
        }
        Instant receivedAt = clock.instant();
        List<Reading> readings;
        try {
            readings = reader.read(deviceId, body, receivedAt);
        } catch (InvalidRequestException refused) {
            ingestion.rejected(Channel.REST, refused.code(), DeviceReadingsReader.size(body));
            throw refused;
        }
        return ResponseEntity.accepted().body(ingestion.ingestAll(Channel.REST, deviceId, readings, receivedAt,
                DeviceReadingsReader.fieldNames(body)));
    }

    /**
     * Readings of any devices, e.g. a gateway's: each item is validated on its own, the valid ones are recorded, and
     * every item that was not stored is listed with the code a single submission would have got. The 202 comes once
     * every accepted reading is stored. A failure to store (not a refusal) fails the whole request; sending it again
     * is safe, as readings already stored are recognised as duplicates.
     */
    @PostMapping(path = "/api/readings", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BatchReadingsAccepted> recordBatch(@RequestBody JsonNode body, Authentication authentication) {
        Instant receivedAt = clock.instant();
        if (!body.isArray()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null,
                    "the body must be an array of readings: [{deviceId, readingId?, metric, value, unit?, timestamp}]");
        }
        validator.checkBatchSize(body.size(), "readings");
        Caller caller = Caller.of(authentication, security);
        List<IngestionItem> items = new ArrayList<>(body.size());
        List<RejectedReading> refused = new ArrayList<>();
        for (int index = 0; index < body.size(); index++) {
            try {
                DeviceReading item = ReadingJson.bind(objectMapper, body.get(index), "", DeviceReading.class);
                String deviceId = requireIdentifier(item == null ? null : item.deviceId(), "deviceId");
                if (!caller.mayActFor(deviceId, Role.OPERATOR, Role.ADMIN)) {
                    refused.add(new RejectedReading(index, ErrorCode.FORBIDDEN,
                            "a device token may only post readings of its own device"));
                    continue;
                }
                items.add(new IngestionItem(index, deviceId,
                        validator.validate(deviceId, item.withoutDevice(), receivedAt, "")));
            } catch (InvalidRequestException e) {
                refused.add(new RejectedReading(index, e.code(), e.getMessage()));
            }
        }
        return ResponseEntity.accepted().body(ingestion.ingest(Channel.REST, receivedAt, items, refused, Map.of()));
    }
}
