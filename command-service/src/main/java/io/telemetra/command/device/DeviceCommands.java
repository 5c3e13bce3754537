package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.devicecommand.AcknowledgeDeviceCommand;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.devicecommand.RedeliverDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The commands issued to the device, a part of the {@link Device} aggregate (same stream, same consistency boundary)
 * that handles their life: issued, answered by the device, sent again, timed out. It keeps every open one (ISSUED or
 * ACKNOWLEDGED) with what a redelivery must carry, and the final status of the last {@value #CLOSED_REMEMBERED} closed
 * ones, so that a device repeating its final answer is recognised; an answer to a command closed longer ago is
 * answered as for an unknown command.
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

    /** The same command id again (a retried request) records nothing. */
    @CommandHandler
    void handle(IssueDeviceCommand command) {
        if (status(command.commandId()) != null) {
            return;
        }
        apply(new DeviceCommandIssuedEvent(command.deviceId(), command.commandId(), command.type(),
                command.parameters(), command.issuedBy(), command.alertId(), command.requestedAt()));
    }

    /**
     * The device's answer. ACCEPTED may only come while the command is ISSUED, a final outcome while it is open; the
     * answer the command already has is recorded once (a device retrying its request); any other answer to a closed
     * command, or any answer to one that timed out, is refused.
     */
    @CommandHandler
    void handle(AcknowledgeDeviceCommand command) {
        DeviceCommandStatus status = status(command.commandId());
        if (status == null) {
            throw new DomainException(ErrorCode.DEVICE_COMMAND_NOT_FOUND, "device " + command.deviceId()
                    + " has no command " + command.commandId());
        }
        DeviceCommandStatus answered = DeviceCommandStatus.of(command.outcome());
        if (answered == status) {
            return;
        }
        if (!status.isOpen()) {
            throw new DomainException(ErrorCode.DEVICE_COMMAND_CLOSED, "command " + command.commandId()
                    + " of device " + command.deviceId() + " is closed: " + status);
        }
        apply(new DeviceCommandAcknowledgedEvent(command.deviceId(), command.commandId(), command.outcome(),
                command.message(), command.acknowledgedBy(), command.requestedAt()));
    }

    /**
     * Only a command still ISSUED (not answered) is sent again, once per attempt number: an attempt not above the
     * deliveries so far is a retried command and records nothing.
     */
    @CommandHandler
    void handle(RedeliverDeviceCommand command) {
        OpenCommand open = this.open.get(command.commandId());
        if (open == null || open.status() != DeviceCommandStatus.ISSUED || command.attempt() <= open.attempts()) {
            return;
        }
        apply(new DeviceCommandRedeliveredEvent(command.deviceId(), command.commandId(), open.type(),
                open.parameters(), command.attempt(), command.requestedAt(), open.alertId(), open.issuedAt()));
    }

    /**
     * Only a command still in the state the time-out awaits (ISSUED: no answer; ACKNOWLEDGED: accepted, not finished)
     * times out; the event counts the deliveries the device recorded.
     */
    @CommandHandler
    void handle(TimeOutDeviceCommand command) {
        OpenCommand open = this.open.get(command.commandId());
        if (open == null || open.status() != command.awaiting()) {
            return;
        }
        apply(new DeviceCommandTimedOutEvent(command.deviceId(), command.commandId(), open.attempts(),
                command.requestedAt()));
    }

    /** The command's status, or null when the device does not know (or no longer remembers) it. */
    private DeviceCommandStatus status(String commandId) {
        OpenCommand command = open.get(commandId);
        return command != null ? command.status() : closed.get(commandId);
    }

    @EventSourcingHandler
    void on(DeviceCommandIssuedEvent event) {
        open.put(event.commandId(), new OpenCommand(event.type(), event.parameters(), event.alertId(),
                event.issuedAt(), DeviceCommandStatus.ISSUED, 1));
    }

    @EventSourcingHandler
    void on(DeviceCommandAcknowledgedEvent event) {
        DeviceCommandStatus status = DeviceCommandStatus.of(event.outcome());
        if (status.isOpen()) {
            open.computeIfPresent(event.commandId(), (id, command) -> command.with(status, command.attempts()));
        } else {
            close(event.commandId(), status);
        }
    }

    @EventSourcingHandler
    void on(DeviceCommandRedeliveredEvent event) {
        open.computeIfPresent(event.commandId(), (id, command) -> command.with(command.status(), event.attempt()));
    }

    @EventSourcingHandler
    void on(DeviceCommandTimedOutEvent event) {
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
