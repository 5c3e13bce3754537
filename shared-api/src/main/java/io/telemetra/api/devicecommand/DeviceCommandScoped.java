package io.telemetra.api.devicecommand;

/** An event of one device command's lifecycle, which every reader of commands keys by device and command id. */
public sealed interface DeviceCommandScoped permits DeviceCommandIssuedEvent, DeviceCommandAcknowledgedEvent,
        DeviceCommandRedeliveredEvent, DeviceCommandTimedOutEvent {

    String deviceId();

    String commandId();
}
