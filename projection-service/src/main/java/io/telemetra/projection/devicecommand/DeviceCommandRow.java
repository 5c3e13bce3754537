package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the {@code device_command} table, and how each event changes it. ISSUED and ACKNOWLEDGED (the device
 * accepted it) are open; COMPLETED, REJECTED, FAILED and TIMED_OUT are final and no later answer changes them, as the
 * write side refuses answers to a closed command. Attempts only grow.
 *
 * @param answeredAt     when the device last answered, or when the command timed out
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record DeviceCommandRow(String deviceId, String commandId, String type, Map<String, Object> parameters,
                        DeviceCommandStatus status, String issuedBy, Instant issuedAt, String alertId, int attempts,
                        CommandOutcome outcome, String message, Instant answeredAt, long sequenceNumber) {

    static DeviceCommandRow issued(DeviceCommandIssuedEvent event, long sequenceNumber) {
        return new DeviceCommandRow(event.deviceId(), event.commandId(), event.type(), event.parameters(),
                DeviceCommandStatus.ISSUED, event.issuedBy(), event.issuedAt(), event.alertId(), 1, null, null, null,
                sequenceNumber);
    }

    boolean isOpen() {
        return status == DeviceCommandStatus.ISSUED || status == DeviceCommandStatus.ACKNOWLEDGED;
    }

    /** This row after one of its change events (not its issue). */
    DeviceCommandRow after(Object event, long sequence) {
        if (event instanceof DeviceCommandRedeliveredEvent redelivered) {
            return new DeviceCommandRow(deviceId, commandId, type, parameters, status, issuedBy, issuedAt, alertId,
                    Math.max(attempts, redelivered.attempt()), outcome, message, answeredAt, sequence);
        }
        if (event instanceof DeviceCommandAcknowledgedEvent acknowledged) {
            return !isOpen() ? withSequence(sequence)
                    : new DeviceCommandRow(deviceId, commandId, type, parameters,
                    DeviceCommandStatus.of(acknowledged.outcome()), issuedBy, issuedAt, alertId, attempts,
                    acknowledged.outcome(), acknowledged.message(), acknowledged.acknowledgedAt(), sequence);
        }
        if (event instanceof DeviceCommandTimedOutEvent timedOut) {
            return !isOpen() ? withSequence(sequence)
                    : new DeviceCommandRow(deviceId, commandId, type, parameters, DeviceCommandStatus.TIMED_OUT,
                    issuedBy, issuedAt, alertId, Math.max(attempts, timedOut.attempts()), outcome, message,
                    timedOut.timedOutAt(), sequence);
        }
        throw new IllegalArgumentException("not a device-command change: " + event);
    }

    private DeviceCommandRow withSequence(long sequence) {
        return new DeviceCommandRow(deviceId, commandId, type, parameters, status, issuedBy, issuedAt, alertId,
                attempts, outcome, message, answeredAt, sequence);
    }
}
