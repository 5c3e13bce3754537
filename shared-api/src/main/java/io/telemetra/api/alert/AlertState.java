package io.telemetra.api.alert;

/** Where an alert is in its lifecycle; RESOLVED is final. */
public enum AlertState {
    OPEN, ACKNOWLEDGED, ESCALATED, RESOLVED
}
