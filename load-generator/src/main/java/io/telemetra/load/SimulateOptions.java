package io.telemetra.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./telemetra simulate}'s options.
 *
 * @param duration how long to stream readings; empty: until stopped
 */
record SimulateOptions(Path home, int devices, double rate, Optional<Duration> duration, IngestPath path,
                       boolean anomalies) {

    static final String USAGE = """
            usage: ./telemetra simulate [options]
              --devices N          simulated thermostats, registered as sim-0001... (default 20)
              --rate R             readings per second over all devices: 10, 10/s, 600/m (default 10/s)
              --duration D         how long to send: 60s, 5m, 1h, or forever (default 60s; Ctrl-C stops early)
              --path rest|kafka    POST /api/... or a gateway producer on telemetra.device-telemetry (default rest)
              --anomalies          occasional temperature and humidity spikes
            Needs a running stack (./telemetra up).
            """;

    static SimulateOptions parse(Path defaultHome, List<String> arguments) {
        Path home = defaultHome;
        int devices = 20;
        double rate = 10;
        Optional<Duration> duration = Optional.of(Duration.ofSeconds(60));
        IngestPath path = IngestPath.REST;
        boolean anomalies = false;
        Args args = new Args(arguments);
        for (Optional<String> flag = args.next(); flag.isPresent(); flag = args.next()) {
            switch (flag.get()) {
                case "home" -> home = Path.of(args.value());
                case "devices" -> devices = args.positiveInt();
                case "rate" -> rate = args.ratePerSecond();
                case "duration" -> duration = args.durationOrForever();
                case "path" -> path = IngestPath.of(args.choice("rest", "kafka"));
                case "anomalies" -> {
                    args.noValue();
                    anomalies = true;
                }
                default -> throw args.unknown();
            }
        }
        if (duration.isPresent() && duration.get().isZero()) {
            throw new IllegalArgumentException("--duration must be longer than 0");
        }
        return new SimulateOptions(home, devices, rate, duration, path, anomalies);
    }
}
