package io.telemetra.api.query;

import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.GeoLocation;

import java.time.Instant;
import java.util.Map;

/** {@code GET /api/devices/{deviceId}} on query-service. */
public record DeviceView(
        String deviceId,
        String type,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        DeviceStatus status,
        Instant registeredAt,
        Instant lastSeen,
        Map<String, LatestReading> latest,
        int openAlerts) {
}
