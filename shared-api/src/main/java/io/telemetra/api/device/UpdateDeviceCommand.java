package io.telemetra.api.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Changes a device's descriptive attributes, as a JSON merge patch does: a null attribute is left as it is, one named
 * in {@code removed} is taken away, and {@code metadata}, when given, replaces the whole map.
 */
public record UpdateDeviceCommand(
        @TargetAggregateIdentifier String deviceId,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        Set<DeviceAttribute> removed,
        Instant requestedAt) {

    public UpdateDeviceCommand {
        metadata = metadata == null ? null : Map.copyOf(metadata);
        removed = removed == null ? Set.of() : Set.copyOf(removed);
    }
}
