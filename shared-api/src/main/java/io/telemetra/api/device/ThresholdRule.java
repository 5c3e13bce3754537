package io.telemetra.api.device;

/**
 * The rule for one metric. A reading below {@code min} or above {@code max} breaches it; it is back to normal only once
 * the value is inside the bounds by at least {@code hysteresis}, so a value hovering at a bound does not flap.
 * {@code anomaly}, when set, also watches the metric for statistical outliers. Either kind of breach raises an alert
 * of {@code severity}; when {@code response} is set, the alert also sends that command to the device.
 *
 * @param min        lower bound, or null for none
 * @param max        upper bound, or null for none (at least one of min, max and anomaly is set)
 * @param hysteresis non-negative, smaller than {@code max - min} when both bounds are set
 * @param anomaly    anomaly detection for the metric, or null for none
 * @param response   the command an alert of this rule sends to the device, or null for none
 */
public record ThresholdRule(String metric, Double min, Double max, double hysteresis, Severity severity,
                            AnomalyDetection anomaly, AlertResponse response) {

    /** A bounds-only rule without anomaly detection or response command. */
    public ThresholdRule(String metric, Double min, Double max, double hysteresis, Severity severity) {
        this(metric, min, max, hysteresis, severity, null, null);
    }
}
