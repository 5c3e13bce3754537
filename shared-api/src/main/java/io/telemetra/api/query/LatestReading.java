package io.telemetra.api.query;

import java.time.Instant;

public record LatestReading(double value, String unit, Instant timestamp) {
}
