package io.telemetra.command.publishing;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;

/** What a device receives for each delivery of a command, on every channel it listens to (Kafka, MQTT). */
public final class DeviceCommandMessages {

    private DeviceCommandMessages() {
    }

    /** The first delivery. */
    public static DeviceCommandMessage of(DeviceCommandIssuedEvent event) {
        return new DeviceCommandMessage(event.commandId(), event.deviceId(), event.type(), event.parameters(), 1,
                event.alertId(), event.issuedAt());
    }

    /**
     * The same command as its first delivery, with a higher attempt. A redelivery recorded before the event carried the
     * first issue time has its own time instead.
     */
    public static DeviceCommandMessage of(DeviceCommandRedeliveredEvent event) {
        return new DeviceCommandMessage(event.commandId(), event.deviceId(), event.type(), event.parameters(),
                event.attempt(), event.alertId(), event.issuedAt() != null ? event.issuedAt() : event.redeliveredAt());
    }
}
