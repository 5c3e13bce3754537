package io.telemetra.api.query;

import java.time.Instant;

/**
 * One tumbling window of a time series ({@code resolution=1m} or {@code 1h}), aligned on UTC, by event time.
 *
 * @param windowStart inclusive start; the window ends one resolution later, exclusive
 */
public record ReadingWindow(Instant windowStart, long count, double min, double max, double mean) {
}
