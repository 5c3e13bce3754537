package io.telemetra.command.device.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceAttribute;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import io.telemetra.web.JsonPaths;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.telemetra.command.validation.Fields.optionalText;
import static io.telemetra.command.validation.Fields.path;
import static io.telemetra.command.validation.Fields.requireText;
import static io.telemetra.command.validation.InvalidRequestException.invalid;

/**
 * Reads a {@code PATCH /api/devices/{id}} body with JSON merge-patch semantics (RFC 7396): an absent attribute stays as
 * it is, {@code null} removes it, a value replaces it. Only what an operator may change is accepted, with the same
 * bounds as at registration.
 */
final class UpdateValidator {

    private static final List<String> UPDATABLE = List.of("name", "site", "location", "metadata");
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private UpdateValidator() {
    }

    static UpdateDeviceCommand toCommand(String deviceId, JsonNode body, ObjectMapper json, Instant requestedAt) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, null, "the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!UPDATABLE.contains(name)) {
                throw invalid(name, name + " cannot be updated; updatable are " + UPDATABLE);
            }
        }
        Set<DeviceAttribute> removed = EnumSet.noneOf(DeviceAttribute.class);
        String name = null;
        if (body.has("name")) {
            if (!body.get("name").isTextual()) {
                throw invalid("name", "name must be a non-blank string; it cannot be removed");
            }
            name = requireText(body.get("name").asText(), RegistrationValidator.MAX_NAME_LENGTH, "name");
        }
        String site = optional(body, "site", DeviceAttribute.SITE, removed, value -> {
            if (!value.isTextual()) {
                throw new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, "site", "site must be a string");
            }
            return optionalText(value.asText(), RegistrationValidator.MAX_SITE_LENGTH, "site");
        });
        GeoLocation location = optional(body, "location", DeviceAttribute.LOCATION, removed,
                value -> RegistrationValidator.checkLocation(bind(json, value, GeoLocation.class, "location")));
        Map<String, String> metadata = optional(body, "metadata", DeviceAttribute.METADATA, removed,
                value -> RegistrationValidator.checkMetadata(bind(json, value, METADATA, "metadata")));
        return new UpdateDeviceCommand(deviceId, name, site, location, metadata, removed, requestedAt);
    }

    /** The new value of an optional attribute, or null when it is absent or removed (a removal is noted). */
    private static <T> T optional(JsonNode body, String field, DeviceAttribute attribute, Set<DeviceAttribute> removed,
                                  Function<JsonNode, T> read) {
        JsonNode value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            removed.add(attribute);
            return null;
        }
        return read.apply(value);
    }

    private static <T> T bind(ObjectMapper json, JsonNode value, Class<T> type, String field) {
        try {
            return json.treeToValue(value, type);
        } catch (JsonProcessingException e) {
            throw malformed(field, e);
        }
    }

    private static <T> T bind(ObjectMapper json, JsonNode value, TypeReference<T> type, String field) {
        try {
            return json.treeToValue(value, json.constructType(type));
        } catch (JsonProcessingException e) {
            throw malformed(field, e);
        }
    }

    private static InvalidRequestException malformed(String field, JsonProcessingException e) {
        String nested = e instanceof JsonMappingException mapping ? JsonPaths.of(mapping) : "";
        String offending = nested.isEmpty() ? field : path(field, nested);
        return new InvalidRequestException(ErrorCode.MALFORMED_REQUEST, offending, offending + " has the wrong type");
    }
}
