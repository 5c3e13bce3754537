package io.telemetra.load;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * {@code ./telemetra bench}'s options.
 *
 * @param devices     simulated devices, registered as bench-0001... and reused
 * @param rate        the offered load; empty: ramp up to find what the platform sustains, then measure just below it
 * @param duration    the measured window
 * @param warmup      load before the window, not measured
 * @param senders     concurrent HTTP senders on the REST path (each owns a share of the devices)
 * @param sampleEvery one reading in this many is followed until it is visible in the read model
 */
public record BenchOptions(int devices, OptionalDouble rate, Duration duration, Duration warmup, IngestPath path,
                           int senders, int sampleEvery) {

    public BenchOptions {
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("--duration must be at least 1s");
        }
        if (devices < 1 || senders < 1 || sampleEvery < 1 || warmup.isNegative()) {
            throw new IllegalArgumentException("--devices, --senders and --sample-every must be positive");
        }
    }
}
