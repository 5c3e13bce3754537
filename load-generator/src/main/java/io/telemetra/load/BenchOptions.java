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
 * @param preload     events of other devices the store should hold before the benchmark (0: none added)
 * @param preloadDevices devices the preload spreads its events over (0: one per thousand events)
 * @param preloadSpan the past the preloaded events' stored times spread over
 */
public record BenchOptions(int devices, OptionalDouble rate, Duration duration, Duration warmup, IngestPath path,
                           int senders, int sampleEvery, long preload, int preloadDevices, Duration preloadSpan) {

    public BenchOptions {
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("--duration must be at least 1s");
        }
        if (devices < 1 || senders < 1 || sampleEvery < 1 || warmup.isNegative()) {
            throw new IllegalArgumentException("--devices, --senders and --sample-every must be positive");
        }
        if (preload < 0 || preloadDevices < 0 || preloadSpan.toHours() < 1) {
            throw new IllegalArgumentException("--preload and --preload-devices must not be negative, --preload-span"
                    + " at least 1h");
        }
    }

    /** Without a preload. */
    public BenchOptions(int devices, OptionalDouble rate, Duration duration, Duration warmup, IngestPath path,
                        int senders, int sampleEvery) {
        this(devices, rate, duration, warmup, path, senders, sampleEvery, 0, 0, Duration.ofDays(30));
    }
}
