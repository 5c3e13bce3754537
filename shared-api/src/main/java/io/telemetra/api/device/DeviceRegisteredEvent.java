package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

@Revision("1")
public record DeviceRegisteredEvent(
        String deviceId,
        String type,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        Instant registeredAt) {

    public DeviceRegisteredEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
