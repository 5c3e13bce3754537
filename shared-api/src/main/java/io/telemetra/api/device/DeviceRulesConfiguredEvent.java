package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * The device's complete rule set from now on (it replaces the previous one).
 *
 * @param reportingIntervalSeconds how often the device is expected to report, or null for no expectation
 */
@Revision("1")
public record DeviceRulesConfiguredEvent(
        String deviceId,
        List<ThresholdRule> rules,
        Integer reportingIntervalSeconds,
        Instant configuredAt) {

    public DeviceRulesConfiguredEvent {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
