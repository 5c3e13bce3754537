package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.query.DeviceCommandView;

/**
 * One row of the {@code device_command} table: a {@link DeviceCommandView} and the sequence of the last event applied
 * to it. How each event changes it is {@link DeviceCommandView#after}'s, shared with the live stream.
 *
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record DeviceCommandRow(DeviceCommandView view, long sequenceNumber) {

    static DeviceCommandRow issued(DeviceCommandIssuedEvent event, long sequenceNumber) {
        return new DeviceCommandRow(DeviceCommandView.issued(event), sequenceNumber);
    }

    /** This row after one of its change events (not its issue); a closed command only records the sequence. */
    DeviceCommandRow after(Object event, long sequence) {
        return new DeviceCommandRow(view.after(event), sequence);
    }
}
