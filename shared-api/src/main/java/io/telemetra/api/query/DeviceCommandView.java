package io.telemetra.api.query;

import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;

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

    /** The command as its issue leaves it: one delivery so far. */
    public static DeviceCommandView issued(DeviceCommandIssuedEvent event) {
        return new DeviceCommandView(event.commandId(), event.deviceId(), event.type(), event.parameters(),
                DeviceCommandStatus.ISSUED, event.issuedBy(), event.issuedAt(), event.alertId(), 1, null, null, null);
    }

    /** ISSUED or ACKNOWLEDGED (the device accepted it), or not known yet; the other statuses are final. */
    private boolean isOpen() {
        return status == null || status.isOpen();
    }

    /**
     * This command after one of its changes (not its issue), as every read model applies it: attempts only grow, and
     * once final no later answer or time-out changes it (the write side refuses answers to a closed command).
     */
    public DeviceCommandView after(Object change) {
        if (change instanceof DeviceCommandRedeliveredEvent e) {
            return new DeviceCommandView(commandId, deviceId, type, parameters, status, issuedBy, issuedAt, alertId,
                    Math.max(attempts, e.attempt()), outcome, message, answeredAt);
        }
        if (change instanceof DeviceCommandAcknowledgedEvent e) {
            return !isOpen() ? this : new DeviceCommandView(commandId, deviceId, type, parameters,
                    DeviceCommandStatus.of(e.outcome()), issuedBy, issuedAt, alertId, attempts, e.outcome(),
                    e.message(), e.acknowledgedAt());
        }
        if (change instanceof DeviceCommandTimedOutEvent e) {
            return !isOpen() ? this : new DeviceCommandView(commandId, deviceId, type, parameters,
                    DeviceCommandStatus.TIMED_OUT, issuedBy, issuedAt, alertId, Math.max(attempts, e.attempts()),
                    outcome, message, e.timedOutAt());
        }
        throw new IllegalArgumentException("not a device-command change: " + change);
    }
}
