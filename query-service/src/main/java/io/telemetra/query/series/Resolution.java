package io.telemetra.query.series;

import io.telemetra.query.web.InvalidParameterException;

import java.time.Duration;
import java.util.Arrays;

/**
 * What a time-series answer holds: raw readings or one of the tumbling windows projection-service maintains. 1-hour
 * windows are read through {@code reading_window_1h_exact}, which answers an hour not rolled up yet from its 1-minute
 * windows, in the same statement: an answer counts every reading once whatever the rollup's lag.
 */
enum Resolution {
    RAW("raw", null, null, Duration.ofHours(1)),
    MINUTE("1m", Duration.ofMinutes(1), "reading_window_1m", Duration.ofHours(6)),
    HOUR("1h", Duration.ofHours(1), "reading_window_1h_exact", Duration.ofDays(7));

    private final String parameter;
    private final Duration window;
    private final String table;
    private final Duration defaultRange;

    Resolution(String parameter, Duration window, String table, Duration defaultRange) {
        this.parameter = parameter;
        this.window = window;
        this.table = table;
        this.defaultRange = defaultRange;
    }

    static Resolution of(String value) {
        if (value == null || value.isBlank()) {
            return RAW;
        }
        return Arrays.stream(values()).filter(resolution -> resolution.parameter.equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElseThrow(() -> new InvalidParameterException("resolution",
                        "resolution must be raw, 1m or 1h, got '" + value + "'"));
    }

    String parameter() {
        return parameter;
    }

    /** The window length; {@code null} for raw readings. */
    Duration window() {
        return window;
    }

    String table() {
        return table;
    }

    /** The range answered when {@code from} is not given. */
    Duration defaultRange() {
        return defaultRange;
    }
}
