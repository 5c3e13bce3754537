package io.telemetra.api.device;

/** How serious a threshold breach is; ordered from least to most severe. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
