package io.telemetra.api.device;

import java.util.Map;

/** Body of {@code POST /api/devices}. */
public record RegisterDeviceRequest(
        String deviceId,
        String type,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata) {
}
