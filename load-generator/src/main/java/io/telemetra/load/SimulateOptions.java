package io.telemetra.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./telemetra simulate}'s options.
 *
 * @param duration how long to stream readings; empty: until stopped
 * @param ack      whether the simulated devices answer their commands
 */
record SimulateOptions(Path home, int devices, double rate, Optional<Duration> duration, IngestPath path,
                       boolean anomalies, boolean ack) {

    static final String USAGE = """
            usage: ./telemetra simulate [options]
              --devices N          simulated thermostats, registered as sim-0001... (default 20)
              --rate R             readings per second over all devices: 10, 10/s, 600/m (default 10/s)
              --duration D         how long to send: 60s, 5m, 1h, or forever (default 60s; Ctrl-C stops early)
              --path rest|kafka|mqtt  POST /api/..., a gateway producer on telemetra.device-telemetry, or each
                                   device over MQTT with its own token (default rest)
              --anomalies          occasional temperature and humidity spikes
              --no-ack             the devices leave their commands unanswered: watch them be redelivered and
                                   time out (an alert still open by then escalates; a spike's alerts resolve
                                   with the next normal reading, which ends their escalation)
            Each device gets rules from its set points: temperature above set point + 5 °C (CRITICAL, THROTTLE
            percent=50) or 5 standard deviations off, humidity above set point + 15 % (WARNING), offline after
            max(60 s, 10 reporting intervals). Normal readings stay within them: alerts come from --anomalies.
            The devices answer their commands ACCEPTED, then COMPLETED: received on telemetra.device-commands and
            answered over REST, or with --path mqtt received on telemetra/devices/<id>/commands and answered on
            telemetra/devices/<id>/commands/<commandId>/ack.
            Needs a running stack (./telemetra up).
            """;

    static SimulateOptions parse(Path defaultHome, List<String> arguments) {
        Path home = defaultHome;
        int devices = 20;
        double rate = 10;
        Optional<Duration> duration = Optional.of(Duration.ofSeconds(60));
        IngestPath path = IngestPath.REST;
        boolean anomalies = false;
        boolean ack = true;
        Args args = new Args(arguments);
        for (Optional<String> flag = args.next(); flag.isPresent(); flag = args.next()) {
            switch (flag.get()) {
                case "home" -> home = Path.of(args.value());
                case "devices" -> devices = args.positiveInt();
                case "rate" -> rate = args.ratePerSecond();
                case "duration" -> duration = args.durationOrForever();
                case "path" -> path = IngestPath.of(args.choice("rest", "kafka", "mqtt"));
                case "anomalies" -> {
                    args.noValue();
                    anomalies = true;
                }
                case "no-ack" -> {
                    args.noValue();
                    ack = false;
                }
                default -> throw args.unknown();
            }
        }
        if (duration.isPresent() && duration.get().isZero()) {
            throw new IllegalArgumentException("--duration must be longer than 0");
        }
        return new SimulateOptions(home, devices, rate, duration, path, anomalies, ack);
    }
}
