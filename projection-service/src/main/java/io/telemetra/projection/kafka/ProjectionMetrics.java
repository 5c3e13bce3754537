package io.telemetra.projection.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Prometheus figures of the device-events projection, recorded after each commit. */
@Component
class ProjectionMetrics {

    private final Counter applied;
    private final Counter stale;
    private final Counter unknownType;
    private final Counter orphaned;
    private final Counter held;
    private final Counter batchFailures;
    private final Timer batch;
    private final Timer lag;
    private final Clock clock = Clock.systemUTC();

    ProjectionMetrics(MeterRegistry registry) {
        String events = "telemetra.projection.events";
        applied = Counter.builder(events).tag("outcome", "applied")
                .description("Events applied to the read model").register(registry);
        stale = Counter.builder(events).tag("outcome", "stale")
                .description("Duplicates and replays at or below a device's last applied sequence").register(registry);
        unknownType = Counter.builder(events).tag("outcome", "unknown_type")
                .description("Events of a type this version does not know; only the sequence advanced")
                .register(registry);
        orphaned = Counter.builder(events).tag("outcome", "orphaned")
                .description("Events of a device without a registration").register(registry);
        held = Counter.builder(events).tag("outcome", "held")
                .description("Events parked behind an earlier parked event of their device").register(registry);
        batchFailures = Counter.builder("telemetra.projection.batch.failures")
                .description("Failed attempts to apply a batch, each followed by a retry").register(registry);
        batch = Timer.builder("telemetra.projection.batch")
                .description("Time to apply one poll's events in one transaction").register(registry);
        lag = Timer.builder("telemetra.projection.lag")
                .description("From the event being stored by the write side to its commit in the read model")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    Timer batchTimer() {
        return batch;
    }

    void committed(BatchOutcome outcome) {
        applied.increment(outcome.applied().size() - outcome.unknownTypes().size());
        unknownType.increment(outcome.unknownTypes().size());
        stale.increment(outcome.stale());
        orphaned.increment(outcome.orphaned().size());
        Instant now = clock.instant();
        for (DeviceEvent event : outcome.applied()) {
            if (event.storedAt() != null) {
                lag.record(Duration.between(event.storedAt(), now));
            }
        }
    }

    void held(int events) {
        held.increment(events);
    }

    void batchFailed() {
        batchFailures.increment();
    }
}
