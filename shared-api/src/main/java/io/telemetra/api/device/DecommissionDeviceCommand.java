package io.telemetra.api.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Takes a device out of service for good: every later command on it is refused. */
public record DecommissionDeviceCommand(@TargetAggregateIdentifier String deviceId, Instant requestedAt) {
}
