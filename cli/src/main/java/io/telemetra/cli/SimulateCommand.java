package io.telemetra.cli;

import io.telemetra.load.Console;
import io.telemetra.load.IngestPath;
import io.telemetra.load.Simulate;
import io.telemetra.load.SimulateOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./telemetra simulate}: simulated thermostats streaming readings into the running stack. */
@Command(name = "simulate", sortOptions = false, description = {
        "Simulated thermostats streaming readings into the running stack (./telemetra up), with progress.",
        "Each device gets rules from its set points: temperature above set point + 5 °C (CRITICAL, THROTTLE "
                + "percent=50) or 5 standard deviations off, humidity above set point + 15 %% (WARNING), offline after "
                + "max(60 s, 10 reporting intervals). Normal readings stay within them: alerts come from --anomalies. "
                + "The devices answer their commands ACCEPTED, then COMPLETED: received on telemetra.device-commands "
                + "and answered over REST, or with --path mqtt received on telemetra/devices/<id>/commands and "
                + "answered on telemetra/devices/<id>/commands/<commandId>/ack."})
final class SimulateCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Option(names = "--devices", paramLabel = "N", converter = Values.Positive.class, defaultValue = "20",
            description = "Simulated thermostats, registered as sim-0001... (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "RATE", converter = Values.RateValue.class, defaultValue = "10/s",
            description = "Readings per second over all devices: 10, 10/s, 600/m (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Values.DurationOrForever.class,
            defaultValue = "60s", description = "How long to send: 60s, 5m, 1h, or forever (default: "
            + "${DEFAULT-VALUE}; Ctrl-C stops early).")
    Duration duration;

    @Option(names = "--path", paramLabel = "rest|kafka|mqtt", defaultValue = "rest", description = "POST /api/..., a "
            + "gateway producer on telemetra.device-telemetry, or each device over MQTT with its own token (default: "
            + "${DEFAULT-VALUE}).")
    IngestPath path;

    @Option(names = "--anomalies", description = "Occasional temperature and humidity spikes.")
    boolean anomalies;

    @Option(names = "--no-ack", description = "The devices leave their commands unanswered: watch them be "
            + "redelivered and time out (an alert still open by then escalates; a spike's alerts resolve with the "
            + "next normal reading, which ends their escalation).")
    boolean noAck;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        SimulateOptions options = options();
        return new Simulate(options, RunningStack.forLoad(telemetra.workspace(), home.resolve(telemetra.workspace()),
                options.path()), new Console(System.out)).run();
    }

    SimulateOptions options() {
        try {
            return new SimulateOptions(devices, rate,
                    duration.equals(Values.FOREVER) ? Optional.empty() : Optional.of(duration), path, anomalies,
                    !noAck);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
