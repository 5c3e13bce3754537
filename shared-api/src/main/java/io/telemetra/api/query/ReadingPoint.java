package io.telemetra.api.query;

import java.time.Instant;

/** One raw reading of a time series ({@code resolution=raw}); {@code timestamp} is the event time. */
public record ReadingPoint(Instant timestamp, double value) {
}
