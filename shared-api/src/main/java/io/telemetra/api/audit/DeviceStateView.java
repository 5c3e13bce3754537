package io.telemetra.api.audit;

import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.LatestReading;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/devices/{deviceId}/state?asOf=}: the device as its events up to {@code asOf} made it.
 *
 * @param sequence                 the last event at or before {@code asOf}: the state reflects events 0 to this one
 * @param lastSeen                 when the platform last heard from the device (ingestion time)
 * @param latest                   per metric, the newest reading by event time
 * @param rules                    the rule set in force, empty before any was configured
 * @param reportingIntervalSeconds how often the device was expected to report, or null
 * @param openAlerts               the alerts open at that instant (OPEN, ACKNOWLEDGED or ESCALATED), oldest first
 */
public record DeviceStateView(
        String deviceId,
        Instant asOf,
        long sequence,
        DeviceStatus status,
        String type,
        String name,
        String site,
        GeoLocation location,
        Map<String, String> metadata,
        Instant registeredAt,
        Instant lastSeen,
        Map<String, LatestReading> latest,
        List<ThresholdRule> rules,
        Integer reportingIntervalSeconds,
        List<AlertView> openAlerts) {

    public DeviceStateView {
        openAlerts = openAlerts == null ? List.of() : List.copyOf(openAlerts);
    }
}
