package io.telemetra.api.device;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Replaces a device's threshold rules and expected reporting interval (null: none expected). */
public record ConfigureDeviceRulesCommand(
        @TargetAggregateIdentifier String deviceId,
        List<ThresholdRule> rules,
        Integer reportingIntervalSeconds,
        Instant requestedAt) {

    public ConfigureDeviceRulesCommand {
        rules = List.copyOf(rules);
    }
}
