package io.telemetra.api.device;

import java.util.List;

/**
 * Body of {@code PUT /api/devices/{deviceId}/rules}: the device's complete rule set, replacing the previous one (an
 * empty list removes every rule).
 *
 * @param reportingIntervalSeconds how often the device is expected to report, or null for no expectation
 */
public record ConfigureRulesRequest(List<ThresholdRuleRequest> rules, Integer reportingIntervalSeconds) {
}
