package io.telemetra.load;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code ./telemetra simulate}'s options.
 *
 * @param devices  simulated thermostats, registered as sim-0001...
 * @param rate     readings per second over all devices
 * @param duration how long to stream readings; empty: until stopped
 * @param anomalies occasional temperature and humidity spikes
 * @param ack      whether the simulated devices answer their commands
 */
public record SimulateOptions(int devices, double rate, Optional<Duration> duration, IngestPath path,
                              boolean anomalies, boolean ack) {

    public SimulateOptions {
        if (devices < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("--devices and --rate must be positive");
        }
        if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
            throw new IllegalArgumentException("--duration must be longer than 0");
        }
    }
}
