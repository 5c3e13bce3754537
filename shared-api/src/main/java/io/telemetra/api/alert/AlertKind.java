package io.telemetra.api.alert;

/** What raised an alert: a reading above the rule's max, below its min, or a statistical outlier. */
public enum AlertKind {
    THRESHOLD_HIGH, THRESHOLD_LOW, ANOMALY
}
