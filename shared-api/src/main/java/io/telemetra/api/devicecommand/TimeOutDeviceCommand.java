package io.telemetra.api.devicecommand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Gives up on a command still awaiting the device: with {@code awaiting} ISSUED, one it never answered; with
 * ACKNOWLEDGED, one it accepted and never finished. A command in any other state records nothing, so a time-out that
 * crosses the device's answer cannot overwrite it.
 */
public record TimeOutDeviceCommand(@TargetAggregateIdentifier String deviceId, String commandId,
                                   DeviceCommandStatus awaiting, int attempts, Instant requestedAt) {
}
