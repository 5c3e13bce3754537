package io.telemetra.api.devicecommand;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The device answered a command. */
@Revision("1")
public record DeviceCommandAcknowledgedEvent(
        String deviceId,
        String commandId,
        CommandOutcome outcome,
        String message,
        String acknowledgedBy,
        Instant acknowledgedAt) implements DeviceCommandScoped {
}
