package io.telemetra.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code ./telemetra bench}'s options.
 *
 * @param rate        the offered load; empty: ramp up to find what the platform sustains, then measure just below it
 * @param senders     concurrent HTTP senders on the REST path (each owns a share of the devices)
 * @param sampleEvery one reading in this many is followed until it is visible in the read model
 */
record BenchOptions(Path home, int devices, OptionalDouble rate, Duration duration, Duration warmup, IngestPath path,
                    int senders, int sampleEvery) {

    static final String USAGE = """
            usage: ./telemetra bench [options]
              --devices N          simulated devices, registered as bench-0001... and reused (default 1000)
              --rate R             offered readings per second, open loop: 5000, 5000/s (default: ramp up from
                                   500/s by x1.5 every 10 s until the platform falls behind, then measure at 90 %
                                   of the best rate it stored)
              --duration D         the measured window: 60s, 5m (default 60s)
              --warmup D           load before the window, not measured (default 60s: JIT, caches)
              --path kafka|rest|mqtt  a gateway producer on telemetra.device-telemetry, REST batches, or each device
                                   over MQTT, one reading per message (default kafka)
              --senders N          concurrent HTTP senders on the rest path (default 8)
              --sample-every N     follow one reading in N until visible in the read model (default 50)
            Prints progress, a table, and last one line:
              ratio <x> platform <n>/s raw <m>/s p99-visibility <t>ms
            """;

    static BenchOptions parse(Path defaultHome, List<String> arguments) {
        Path home = defaultHome;
        int devices = 1000;
        OptionalDouble rate = OptionalDouble.empty();
        Duration duration = Duration.ofSeconds(60);
        Duration warmup = Duration.ofSeconds(60);
        IngestPath path = IngestPath.KAFKA;
        int senders = 8;
        int sampleEvery = 50;
        Args args = new Args(arguments);
        for (Optional<String> flag = args.next(); flag.isPresent(); flag = args.next()) {
            switch (flag.get()) {
                case "home" -> home = Path.of(args.value());
                case "devices" -> devices = args.positiveInt();
                case "rate" -> rate = OptionalDouble.of(args.ratePerSecond());
                case "duration" -> duration = args.duration();
                case "warmup" -> warmup = args.duration();
                case "path" -> path = IngestPath.of(args.choice("kafka", "rest", "mqtt"));
                case "senders" -> senders = args.positiveInt();
                case "sample-every" -> sampleEvery = args.positiveInt();
                default -> throw args.unknown();
            }
        }
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("--duration must be at least 1s");
        }
        return new BenchOptions(home, devices, rate, duration, warmup, path, senders, sampleEvery);
    }
}
