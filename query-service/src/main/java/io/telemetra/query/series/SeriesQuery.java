package io.telemetra.query.series;

import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.InvalidParameterException;

import java.time.Duration;
import java.time.Instant;

/**
 * A validated time-series request: the half-open range {@code [from, to)} by event time. A range that could hold more
 * windows than {@code max-points}, or raw readings over more than {@code max-raw-range}, is refused up front.
 */
record SeriesQuery(String deviceId, String metric, Instant from, Instant to, Resolution resolution) {

    static SeriesQuery of(String deviceId, String metric, Instant from, Instant to, String resolution, Instant now,
                          QueryProperties.Readings limits) {
        if (metric == null || metric.isBlank()) {
            throw new InvalidParameterException("metric", "metric is required");
        }
        Resolution chosen = Resolution.of(resolution);
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(chosen.defaultRange()) : from;
        if (!start.isBefore(end)) {
            throw new InvalidParameterException("from", "from (" + start + ") must be before to (" + end + ")");
        }
        Duration range = Duration.between(start, end);
        if (chosen.window() == null) {
            if (range.compareTo(limits.maxRawRange()) > 0) {
                throw new InvalidParameterException("from", "raw readings are served over at most "
                        + limits.maxRawRange() + ", asked for " + range + "; narrow from/to or use resolution=1m");
            }
        } else if (windows(range, chosen.window()) > limits.maxPoints()) {
            throw new InvalidParameterException("from", "resolution=" + chosen.parameter() + " over " + range
                    + " spans more than " + limits.maxPoints() + " windows; narrow from/to or use a coarser"
                    + " resolution");
        }
        return new SeriesQuery(deviceId, metric.trim(), start, end, chosen);
    }

    // Windows whose start lies in the range, at most: ceil(range / window).
    private static long windows(Duration range, Duration window) {
        long whole = range.dividedBy(window);
        return range.minus(window.multipliedBy(whole)).isZero() ? whole : whole + 1;
    }
}
