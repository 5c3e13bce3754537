package io.telemetra.command.device.web;

import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.RegisterDeviceRequest;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import static io.telemetra.command.validation.Fields.optionalText;
import static io.telemetra.command.validation.Fields.requireIdentifier;
import static io.telemetra.command.validation.Fields.requireMatch;
import static io.telemetra.command.validation.Fields.requirePresent;
import static io.telemetra.command.validation.Fields.requireText;
import static io.telemetra.command.validation.InvalidRequestException.invalid;

/** Checks a registration request; what a device is called stays in its events forever, so everything is bounded. */
final class RegistrationValidator {

    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_SITE_LENGTH = 128;
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_KEY_LENGTH = 64;
    static final int MAX_METADATA_VALUE_LENGTH = 512;

    private RegistrationValidator() {
    }

    static RegisterDeviceCommand toCommand(RegisterDeviceRequest request, Instant requestedAt) {
        String deviceId = requireIdentifier(request.deviceId(), "deviceId");
        String type = requireMatch(request.type(), TYPE, "type");
        String name = requireText(request.name(), MAX_NAME_LENGTH, "name");
        String site = optionalText(request.site(), MAX_SITE_LENGTH, "site");
        GeoLocation location = checkLocation(request.location());
        Map<String, String> metadata = checkMetadata(request.metadata());
        return new RegisterDeviceCommand(deviceId, type, name, site, location, metadata, requestedAt);
    }

    static GeoLocation checkLocation(GeoLocation location) {
        if (location == null) {
            return null;
        }
        if (!(Math.abs(location.lat()) <= 90)) {
            throw invalid("location.lat", "location.lat must be between -90 and 90");
        }
        if (!(Math.abs(location.lon()) <= 180)) {
            throw invalid("location.lon", "location.lon must be between -180 and 180");
        }
        return location;
    }

    static Map<String, String> checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw invalid("metadata", "metadata must have at most " + MAX_METADATA_ENTRIES + " entries");
        }
        metadata.forEach((key, value) -> {
            requireText(key, MAX_METADATA_KEY_LENGTH, "metadata");
            String field = "metadata." + key;
            requirePresent(value, field);
            optionalText(value, MAX_METADATA_VALUE_LENGTH, field);
        });
        return metadata;
    }
}
