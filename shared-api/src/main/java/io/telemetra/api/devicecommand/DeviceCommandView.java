package io.telemetra.api.devicecommand;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of {@code GET /api/devices/{deviceId}/commands}.
 *
 * @param attempts   deliveries so far
 * @param outcome    the device's last answer, or null
 * @param message    the message of that answer, or null
 * @param answeredAt when the device last answered or the command timed out, or null
 */
public record DeviceCommandView(
        String commandId,
        String deviceId,
        String type,
        Map<String, Object> parameters,
        DeviceCommandStatus status,
        String issuedBy,
        Instant issuedAt,
        String alertId,
        int attempts,
        CommandOutcome outcome,
        String message,
        Instant answeredAt) {
}
