package io.telemetra.query.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandScoped;
import io.telemetra.api.query.DeviceCommandView;
import io.telemetra.query.live.StoredView;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The device command an event of {@code telemetra.device-events} leaves, as the live stream shows it: an issue carries
 * the whole command, a change is laid over the stored command as {@link StoredView#afterChange} does it.
 */
@Component
public class LiveCommands {

    private final DeviceCommandReadModel commands;

    LiveCommands(DeviceCommandReadModel commands) {
        this.commands = commands;
    }

    /** @return the view, or empty for an event that is not about a device command */
    public Optional<DeviceCommandView> viewOf(String deviceId, long sequenceNumber, Object event) {
        if (event instanceof DeviceCommandIssuedEvent issued) {
            return Optional.of(DeviceCommandView.issued(issued));
        }
        if (!(event instanceof DeviceCommandScoped change)) {
            return Optional.empty();
        }
        String commandId = change.commandId();
        return Optional.of(StoredView.afterChange(() -> commands.find(deviceId, commandId), sequenceNumber,
                () -> new DeviceCommandView(commandId, deviceId, null, null, null, null, null, null, 0, null, null,
                        null),
                command -> command.after(event), "command " + commandId + " of " + deviceId));
    }
}
