package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.error.ErrorCode;

/** The ingest rate of one channel: readings newly stored, exact repeats, and readings refused by error code. */
final class IngestionMetrics {

    private final MeterRegistry registry;
    private final String channel;
    private final Counter accepted;
    private final Counter duplicates;

    IngestionMetrics(MeterRegistry registry, String channel) {
        this.registry = registry;
        this.channel = channel;
        this.accepted = Counter.builder("telemetra.readings.accepted")
                .description("Readings newly stored")
                .tag("channel", channel)
                .register(registry);
        this.duplicates = Counter.builder("telemetra.readings.duplicates")
                .description("Exact repeats of readings stored before: acknowledged, not stored again")
                .tag("channel", channel)
                .register(registry);
    }

    void accepted(int count) {
        accepted.increment(count);
    }

    void duplicates(int count) {
        duplicates.increment(count);
    }

    /** Registered on first use (the registry returns the existing counter after that): most codes never occur. */
    void rejected(ErrorCode code) {
        Counter.builder("telemetra.readings.rejected")
                .description("Readings refused, by error code")
                .tag("channel", channel)
                .tag("code", code.name())
                .register(registry)
                .increment();
    }
}
