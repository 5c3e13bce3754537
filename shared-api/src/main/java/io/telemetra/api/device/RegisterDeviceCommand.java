package io.telemetra.api.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/** Registers a new device. {@code requestedAt} comes from the edge so the aggregate never reads a clock. */
public record RegisterDeviceCommand(
        @TargetAggregateIdentifier String deviceId,
        String type,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        Instant requestedAt) {

    public RegisterDeviceCommand {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
