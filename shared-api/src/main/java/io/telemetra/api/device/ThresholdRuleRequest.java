package io.telemetra.api.device;

import java.util.Map;

/**
 * One rule of {@code PUT /api/devices/{deviceId}/rules}; {@code severity} is INFO, WARNING or CRITICAL.
 *
 * @param anomaly  optional anomaly detection; its unset fields take the defaults of {@link AnomalyDetection}
 * @param response optional command sent to the device when the rule raises an alert
 */
public record ThresholdRuleRequest(String metric, Double min, Double max, Double hysteresis, String severity,
                                   AnomalyRequest anomaly, ResponseRequest response) {

    /** A bounds-only rule. */
    public ThresholdRuleRequest(String metric, Double min, Double max, Double hysteresis, String severity) {
        this(metric, min, max, hysteresis, severity, null, null);
    }

    public record AnomalyRequest(Double zScore, Double alpha, Integer warmUp) {
    }

    public record ResponseRequest(String type, Map<String, Object> parameters) {
    }
}
