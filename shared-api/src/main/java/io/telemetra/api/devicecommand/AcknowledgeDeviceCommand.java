package io.telemetra.api.devicecommand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The device answers one of its commands; the same answer twice records nothing. */
public record AcknowledgeDeviceCommand(
        @TargetAggregateIdentifier String deviceId,
        String commandId,
        CommandOutcome outcome,
        String message,
        String acknowledgedBy,
        Instant requestedAt) {
}
