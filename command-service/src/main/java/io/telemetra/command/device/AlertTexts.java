package io.telemetra.command.device;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.device.ThresholdRule;

import java.util.Locale;

/** The sentences alerts carry for people: why one was raised, and why it was resolved. */
final class AlertTexts {

    static final String RULE_REMOVED = "rule removed";
    static final String DEVICE_DECOMMISSIONED = "device decommissioned";

    private AlertTexts() {
    }

    /** e.g. "temperature 92.5 above max 80.0" */
    static String breach(AlertKind kind, ThresholdRule rule, double value, Ewma.Deviation deviation) {
        return switch (kind) {
            case THRESHOLD_HIGH -> rule.metric() + " " + value + " above max " + rule.max();
            case THRESHOLD_LOW -> rule.metric() + " " + value + " below min " + rule.min();
            case ANOMALY -> rule.metric() + " " + value + " is " + decimal(deviation.zScore())
                    + " standard deviations from its mean " + decimal(deviation.mean()) + " (bound "
                    + rule.anomaly().zScore() + ")";
        };
    }

    /** e.g. "temperature 77.5 back below max 80.0 less hysteresis 2.0" */
    static String backToNormal(AlertKind kind, ThresholdRule rule, double value, Ewma.Deviation deviation) {
        return switch (kind) {
            case THRESHOLD_HIGH -> rule.metric() + " " + value + " back below max " + rule.max()
                    + hysteresis(rule, "less");
            case THRESHOLD_LOW -> rule.metric() + " " + value + " back above min " + rule.min()
                    + hysteresis(rule, "plus");
            case ANOMALY -> rule.metric() + " " + value + " back within " + rule.anomaly().zScore()
                    + " standard deviations of its mean " + decimal(deviation.mean());
        };
    }

    private static String hysteresis(ThresholdRule rule, String operation) {
        return rule.hysteresis() == 0 ? "" : " " + operation + " hysteresis " + rule.hysteresis();
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
