package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * The device's descriptive attributes after an update, all of them (changed or not): a consumer replaces what it
 * holds. Only an update that changes something is recorded.
 */
@Revision("1")
public record DeviceUpdatedEvent(
        String deviceId,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        Instant updatedAt) {

    public DeviceUpdatedEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
