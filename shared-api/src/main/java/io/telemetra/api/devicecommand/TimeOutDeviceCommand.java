package io.telemetra.api.devicecommand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Gives up on a command the device never answered; an answered command records nothing. */
public record TimeOutDeviceCommand(@TargetAggregateIdentifier String deviceId, String commandId, int attempts,
                                   Instant requestedAt) {
}
