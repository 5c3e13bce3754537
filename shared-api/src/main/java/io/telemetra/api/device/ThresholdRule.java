package io.telemetra.api.device;

/**
 * A per-metric threshold: a reading below {@code min} or above {@code max} breaches it; it is back to normal only once
 * the value is inside the bounds by at least {@code hysteresis}, so a value hovering at a bound does not flap.
 *
 * @param min        lower bound, or null for none (at least one bound is set)
 * @param max        upper bound, or null for none
 * @param hysteresis non-negative, smaller than {@code max - min} when both bounds are set
 */
public record ThresholdRule(String metric, Double min, Double max, double hysteresis, Severity severity) {
}
