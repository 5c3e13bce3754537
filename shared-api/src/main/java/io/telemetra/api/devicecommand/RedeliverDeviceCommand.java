package io.telemetra.api.devicecommand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Sends an unanswered command again; a command answered or timed out meanwhile records nothing. */
public record RedeliverDeviceCommand(@TargetAggregateIdentifier String deviceId, String commandId, int attempt,
                                     Instant requestedAt) {
}
