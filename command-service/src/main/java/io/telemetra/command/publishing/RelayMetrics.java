package io.telemetra.command.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What the event relay sent, counted once the broker acknowledged it (re-sends after a failure included). */
final class RelayMetrics {

    private final Counter published;

    RelayMetrics(MeterRegistry registry) {
        this.published = Counter.builder("telemetra.events.published")
                .description("Events the broker acknowledged on telemetra.device-events")
                .register(registry);
    }

    void published(int events) {
        published.increment(events);
    }
}
