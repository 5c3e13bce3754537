package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandView;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the {@code device_command} table: a {@link DeviceCommandView} and the sequence of the last event applied
 * to it. How each event changes it is {@link DeviceCommandView#after}'s, shared with the live stream.
 *
 * @param answeredAt     when the device last answered, or when the command timed out
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record DeviceCommandRow(String deviceId, String commandId, String type, Map<String, Object> parameters,
                        DeviceCommandStatus status, String issuedBy, Instant issuedAt, String alertId, int attempts,
                        CommandOutcome outcome, String message, Instant answeredAt, long sequenceNumber) {

    static DeviceCommandRow issued(DeviceCommandIssuedEvent event, long sequenceNumber) {
        return of(DeviceCommandView.issued(event), sequenceNumber);
    }

    /** This row after one of its change events (not its issue); a closed command only records the sequence. */
    DeviceCommandRow after(Object event, long sequence) {
        return of(view().after(event), sequence);
    }

    private DeviceCommandView view() {
        return new DeviceCommandView(commandId, deviceId, type, parameters, status, issuedBy, issuedAt, alertId,
                attempts, outcome, message, answeredAt);
    }

    private static DeviceCommandRow of(DeviceCommandView view, long sequenceNumber) {
        return new DeviceCommandRow(view.deviceId(), view.commandId(), view.type(), view.parameters(), view.status(),
                view.issuedBy(), view.issuedAt(), view.alertId(), view.attempts(), view.outcome(), view.message(),
                view.answeredAt(), sequenceNumber);
    }
}
