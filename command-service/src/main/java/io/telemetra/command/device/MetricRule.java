package io.telemetra.command.device;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.device.ThresholdRule;

import java.time.Instant;

/**
 * One metric's rule with what evaluating it needs to remember: the event time of the newest reading evaluated, and
 * the statistics of anomaly detection. Only readings at or after that time are evaluated (and train the statistics):
 * a late reading, measured before one already evaluated, is recorded but changes no alert, since the state of the
 * metric is what its newest reading says. Immutable, so that the device's state compares by value.
 *
 * @param lastEvaluated event time of the newest reading evaluated, or null before the first
 * @param ewma          the statistics, or null without anomaly detection
 */
record MetricRule(ThresholdRule rule, Instant lastEvaluated, Ewma ewma) {

    /** What a reading says about one kind of alert of the rule. */
    enum Verdict {
        /** raise it, unless one is open */
        BREACHED,
        /** resolve the open one, if any */
        NORMAL,
        /** leave it as it is: inside the bound but not by the hysteresis, or anomaly detection still warming up */
        UNDECIDED
    }

    static MetricRule of(ThresholdRule rule) {
        return new MetricRule(rule, null, rule.anomaly() == null ? null : Ewma.UNTRAINED);
    }

    /** A new rule for the same metric keeps what the readings taught, unless it no longer detects anomalies. */
    MetricRule reconfigured(ThresholdRule newRule) {
        Ewma statistics = newRule.anomaly() == null ? null : ewma == null ? Ewma.UNTRAINED : ewma;
        return new MetricRule(newRule, lastEvaluated, statistics);
    }

    boolean evaluates(Instant timestamp) {
        return lastEvaluated == null || !timestamp.isBefore(lastEvaluated);
    }

    boolean watches(AlertKind kind) {
        return switch (kind) {
            case THRESHOLD_HIGH -> rule.max() != null;
            case THRESHOLD_LOW -> rule.min() != null;
            case ANOMALY -> rule.anomaly() != null;
        };
    }

    /** The deviation of a value from the readings evaluated so far, or null when there is none to judge by yet. */
    Ewma.Deviation deviation(double value) {
        return ewma == null ? null : ewma.deviation(value, rule.anomaly().warmUp());
    }

    /** @param deviation the reading's deviation as {@link #deviation} gave it before the reading was recorded */
    Verdict verdict(AlertKind kind, double value, Ewma.Deviation deviation) {
        if (!watches(kind)) {
            return Verdict.UNDECIDED;
        }
        return switch (kind) {
            case THRESHOLD_HIGH -> value > rule.max() ? Verdict.BREACHED
                    : value < rule.max() - rule.hysteresis() ? Verdict.NORMAL : Verdict.UNDECIDED;
            case THRESHOLD_LOW -> value < rule.min() ? Verdict.BREACHED
                    : value > rule.min() + rule.hysteresis() ? Verdict.NORMAL : Verdict.UNDECIDED;
            case ANOMALY -> deviation == null ? Verdict.UNDECIDED
                    : deviation.zScore() > rule.anomaly().zScore() ? Verdict.BREACHED : Verdict.NORMAL;
        };
    }

    /** After a reading {@link #evaluates evaluated}: the metric's time moves forward, the statistics learn it. */
    MetricRule evaluated(double value, Instant timestamp) {
        return new MetricRule(rule, timestamp, ewma == null ? null : ewma.add(value, rule.anomaly().alpha()));
    }
}
