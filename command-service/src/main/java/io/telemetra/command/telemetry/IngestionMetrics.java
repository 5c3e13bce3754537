package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.error.ErrorCode;

/** The ingest rate of one channel: readings durably stored, and readings refused by error code. */
final class IngestionMetrics {

    private final MeterRegistry registry;
    private final String channel;
    private final Counter accepted;

    IngestionMetrics(MeterRegistry registry, String channel) {
        this.registry = registry;
        this.channel = channel;
        this.accepted = Counter.builder("telemetra.readings.accepted")
                .description("Readings durably stored (duplicates included)")
                .tag("channel", channel)
                .register(registry);
    }

    void accepted(int count) {
        accepted.increment(count);
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
