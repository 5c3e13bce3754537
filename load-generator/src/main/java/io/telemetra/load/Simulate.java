package io.telemetra.load;

import io.telemetra.api.device.ConfigureRulesRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./telemetra simulate}: registers simulated thermostats, configures their rules (see {@link SimulatedRules}),
 * answers their commands (see {@link CommandResponder}) and streams their readings at a steady rate until the time is
 * up or it is stopped (Ctrl-C), with a progress line every few seconds.
 */
public final class Simulate {

    static final String DEVICE_PREFIX = "sim";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);
    private static final Duration COMMANDS_READY_WAIT = Duration.ofSeconds(30);
    /** After the last reading, how long the devices keep answering: its alert's command comes a moment later. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(5);

    private final SimulateOptions options;
    private final Stack stack;
    private final Console console;

    public Simulate(SimulateOptions options, Stack stack, Console console) {
        this.options = options;
        this.stack = stack;
        this.console = console;
    }

    /** @return the exit code */
    public int run() throws Exception {
        PlatformClient client = new PlatformClient(stack.commandServices(),
                new BearerToken(stack.jwtSecret(), "simulator"));
        Instant start = Instant.now();
        String runId = Fleet.runId(start);
        Fleet fleet = new Fleet(DEVICE_PREFIX, options.devices(), start.toEpochMilli(), options.anomalies(), runId, 0,
                start);
        console.info("simulate: %d thermostats (%s-...), %.1f readings/s in total, %s, %s path%s",
                options.devices(), DEVICE_PREFIX, options.rate(),
                options.duration().map(d -> "for " + d.toSeconds() + " s").orElse("until stopped"),
                options.path().label(), options.anomalies() ? ", with anomalies" : "");
        Registrar.Outcome outcome = Registrar.register(client, fleet.deviceIds(), "thermostat",
                "Simulated thermostat");
        console.info("devices: %d new, %d already registered", outcome.created(), outcome.existing());
        if (!outcome.failures().isEmpty()) {
            console.info("error: %d devices could not be registered, e.g. %s", outcome.failures().size(),
                    outcome.failures().get(0));
            return 1;
        }
        int interval = SimulatedRules.reportingIntervalSeconds(options.devices(), options.rate());
        Map<String, ConfigureRulesRequest> rules = new LinkedHashMap<>();
        for (int i = 0; i < fleet.deviceIds().size(); i++) {
            rules.put(fleet.deviceIds().get(i), SimulatedRules.forThermostat(fleet.thermostat(i), interval));
        }
        List<String> ruleFailures = Registrar.configureRules(client, rules);
        if (!ruleFailures.isEmpty()) {
            console.info("error: %d devices' rules could not be configured, e.g. %s", ruleFailures.size(),
                    ruleFailures.get(0));
            return 1;
        }
        console.info("%s", SimulatedRules.describe(interval));
        MqttFleet mqtt = null;
        if (options.path() == IngestPath.MQTT) {
            console.info("connecting %d devices to %s, each with its own device token", options.devices(),
                    stack.mqttUrl());
            mqtt = MqttFleet.connect(stack.mqttUrl(), fleet.deviceIds(), stack.jwtSecret());
        }
        try (MqttFleet connections = mqtt;
             CommandAnswers commands = connections != null
                     ? new MqttCommandResponder(connections, stack.mqttUrl(), options.ack())
                     : new CommandResponder(stack.kafkaBootstrap(), "telemetra-simulate-" + runId,
                     new HashSet<>(fleet.deviceIds()), options.ack(), client, stack.jwtSecret())) {
            if (!commands.start(COMMANDS_READY_WAIT)) {
                console.warn("the devices are not listening for their commands after %d s: commands issued "
                        + "meanwhile go unanswered until redelivered", COMMANDS_READY_WAIT.toSeconds());
            }
            console.info(options.ack()
                    ? "devices receive their commands on %s: ACCEPTED, then COMPLETED"
                    : "devices leave their commands on %s unanswered (--no-ack): they are redelivered, then time out",
                    commands.where());
            return stream(fleet, runId, client, commands, connections);
        }
    }

    private int stream(Fleet fleet, String runId, PlatformClient client, CommandAnswers commands, MqttFleet mqtt)
            throws Exception {
        SendStats stats = new SendStats();
        try (ReadingSink sink = Sinks.open(options.path(), stack, client, 2, fleet.deviceIds().get(0), runId, stats,
                reading -> { }, console, mqtt)) {
            Driver driver = new Driver(fleet, sink);
            // Ctrl-C: stop making readings, and keep the JVM up until what is in flight is sent and summed up
            CountDownLatch finished = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                driver.stop();
                console.info("stopping: sending what is in flight");
                try {
                    finished.await(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-simulation");
            Runtime.getRuntime().addShutdownHook(stopper);
            long startNanos = System.nanoTime();
            try {
                try (Ticker ignored = new Ticker(PROGRESS_EVERY, () -> console.info(
                        "%5d s: sent %d, accepted %d, in flight %d, errors %s%s, %s",
                        Duration.ofNanos(System.nanoTime() - startNanos).toSeconds(), stats.sent(), stats.accepted(),
                        sink.inFlight(), stats.errorSummary(),
                        options.anomalies() ? ", spikes " + fleet.spikes() : "", commandProgress(commands)))) {
                    driver.run(options.rate(), options.duration().orElse(null), reading -> { });
                }
                sink.close();
                if (options.ack()) {
                    Thread.sleep(ANSWER_GRACE.toMillis());
                }
                commands.close(ANSWER_GRACE);
                console.info("done: %d readings made, %d sent, %d accepted, errors %s; %s, errors %s", fleet.count(),
                        stats.sent(), stats.accepted(), stats.errorSummary(), commandProgress(commands),
                        commands.errorSummary());
            } finally {
                finished.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // stopped by Ctrl-C: the JVM is already shutting down
            }
            return stats.errors() == 0 && commands.errors() == 0 ? 0 : 1;
        }
    }

    private String commandProgress(CommandAnswers commands) {
        if (!options.ack()) {
            return "commands " + commands.received() + " unanswered (--no-ack)";
        }
        return "commands " + commands.received() + ", answered " + commands.answered()
                + (commands.late() > 0 ? ", too late " + commands.late() : "");
    }
}
