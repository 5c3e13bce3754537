package io.telemetra.api.device;

/** One rule of {@code PUT /api/devices/{deviceId}/rules}; {@code severity} is INFO, WARNING or CRITICAL. */
public record ThresholdRuleRequest(String metric, Double min, Double max, Double hysteresis, String severity) {
}
