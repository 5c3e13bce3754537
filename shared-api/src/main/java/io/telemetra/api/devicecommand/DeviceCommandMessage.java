package io.telemetra.api.devicecommand;

import java.time.Instant;
import java.util.Map;

/**
 * A record value on {@code telemetra.device-commands}, keyed by device id. A device answers it with
 * {@code POST /api/devices/{deviceId}/commands/{commandId}/ack}; a redelivery is the same command (same
 * {@code commandId}, {@code alertId} and {@code issuedAt}) with a higher {@code attempt}, so a device that already acted
 * on it only acknowledges again.
 */
public record DeviceCommandMessage(
        String commandId,
        String deviceId,
        String type,
        Map<String, Object> parameters,
        int attempt,
        String alertId,
        Instant issuedAt) {
}
