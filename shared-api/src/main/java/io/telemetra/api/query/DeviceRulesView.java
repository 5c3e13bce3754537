package io.telemetra.api.query;

import io.telemetra.api.device.ThresholdRule;

import java.util.List;

/**
 * {@code GET /api/devices/{deviceId}/rules} on query-service: the rule set last configured on the device.
 *
 * @param rules                    one rule per metric; empty when none was configured
 * @param reportingIntervalSeconds how often the device is expected to report, or null for no expectation
 */
public record DeviceRulesView(String deviceId, List<ThresholdRule> rules, Integer reportingIntervalSeconds) {

    public DeviceRulesView {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
