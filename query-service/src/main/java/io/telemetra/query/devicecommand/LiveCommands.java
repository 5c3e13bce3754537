package io.telemetra.query.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.DeviceCommandView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The device command an event of {@code telemetra.device-events} leaves, as the live stream shows it; built as
 * {@link io.telemetra.query.alert.LiveAlerts} builds alerts: an issue carries the whole command, a change is laid over
 * the stored row unless that reflects it already, or shown alone (null elsewhere) when the row is not there yet.
 */
@Component
public class LiveCommands {

    private static final Logger log = LoggerFactory.getLogger(LiveCommands.class);

    private final DeviceCommandReadModel commands;

    LiveCommands(DeviceCommandReadModel commands) {
        this.commands = commands;
    }

    /** @return the view, or empty for an event that is not about a device command */
    public Optional<DeviceCommandView> viewOf(String deviceId, long sequenceNumber, Object event) {
        if (event instanceof DeviceCommandIssuedEvent issued) {
            return Optional.of(DeviceCommandView.issued(issued));
        }
        String commandId = commandIdOf(event);
        if (commandId == null) {
            return Optional.empty();
        }
        Optional<DeviceCommandReadModel.StoredCommand> stored = stored(deviceId, commandId);
        if (stored.isPresent() && stored.get().sequenceNumber() >= sequenceNumber) {
            return Optional.of(stored.get().view());
        }
        DeviceCommandView base = stored.map(DeviceCommandReadModel.StoredCommand::view).orElseGet(() ->
                new DeviceCommandView(commandId, deviceId, null, null, null, null, null, null, 0, null, null, null));
        return Optional.of(base.after(event));
    }

    private Optional<DeviceCommandReadModel.StoredCommand> stored(String deviceId, String commandId) {
        try {
            return commands.find(deviceId, commandId);
        } catch (DataAccessException e) {
            log.debug("Live stream: command {} of {} not read ({}); showing the event alone", commandId, deviceId,
                    e.toString());
            return Optional.empty();
        }
    }

    private static String commandIdOf(Object event) {
        if (event instanceof DeviceCommandAcknowledgedEvent acknowledged) {
            return acknowledged.commandId();
        }
        if (event instanceof DeviceCommandRedeliveredEvent redelivered) {
            return redelivered.commandId();
        }
        if (event instanceof DeviceCommandTimedOutEvent timedOut) {
            return timedOut.commandId();
        }
        return null;
    }
}
