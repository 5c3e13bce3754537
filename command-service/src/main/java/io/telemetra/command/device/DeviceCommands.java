package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commands issued to the device: every open one (ISSUED or ACKNOWLEDGED) with what a redelivery must carry, and
 * the final status of the last {@value #CLOSED_REMEMBERED} closed ones, so that a device repeating its final answer
 * is recognised. An answer to a command closed longer ago is answered as for an unknown command.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class DeviceCommands {

    static final int CLOSED_REMEMBERED = 100;

    /**
     * @param alertId  the alert the command responds to, or null
     * @param issuedAt when it was first issued
     * @param attempts deliveries so far: 1 when issued, one more per redelivery
     */
    record OpenCommand(String type, Map<String, Object> parameters, String alertId, Instant issuedAt,
                       DeviceCommandStatus status, int attempts) {

        OpenCommand with(DeviceCommandStatus newStatus, int newAttempts) {
            return new OpenCommand(type, parameters, alertId, issuedAt, newStatus, newAttempts);
        }
    }

    private LinkedHashMap<String, OpenCommand> open = new LinkedHashMap<>();
    private LinkedHashMap<String, DeviceCommandStatus> closed = new LinkedHashMap<>();

    /** The open command with this id, or null. */
    OpenCommand open(String commandId) {
        return open.get(commandId);
    }

    /** The command's status, or null when the device does not know (or no longer remembers) it. */
    DeviceCommandStatus status(String commandId) {
        OpenCommand command = open.get(commandId);
        return command != null ? command.status() : closed.get(commandId);
    }

    void issued(DeviceCommandIssuedEvent event) {
        open.put(event.commandId(), new OpenCommand(event.type(), event.parameters(), event.alertId(),
                event.issuedAt(), DeviceCommandStatus.ISSUED, 1));
    }

    void acknowledged(DeviceCommandAcknowledgedEvent event) {
        DeviceCommandStatus status = DeviceCommandStatus.of(event.outcome());
        if (status.isOpen()) {
            open.computeIfPresent(event.commandId(), (id, command) -> command.with(status, command.attempts()));
        } else {
            close(event.commandId(), status);
        }
    }

    void redelivered(DeviceCommandRedeliveredEvent event) {
        open.computeIfPresent(event.commandId(), (id, command) -> command.with(command.status(), event.attempt()));
    }

    void timedOut(DeviceCommandTimedOutEvent event) {
        close(event.commandId(), DeviceCommandStatus.TIMED_OUT);
    }

    private void close(String commandId, DeviceCommandStatus status) {
        open.remove(commandId);
        closed.put(commandId, status);
        Iterator<String> oldestFirst = closed.keySet().iterator();
        while (closed.size() > CLOSED_REMEMBERED) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
