package io.telemetra.load;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./telemetra simulate}: registers simulated thermostats and streams their readings at a steady rate until the
 * time is up or it is stopped (Ctrl-C), with a progress line every few seconds.
 */
final class Simulate {

    static final String DEVICE_PREFIX = "sim";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private final SimulateOptions options;
    private final Stack stack;
    private final Console console;

    Simulate(SimulateOptions options, Stack stack, Console console) {
        this.options = options;
        this.stack = stack;
        this.console = console;
    }

    /** @return the exit code */
    int run() throws Exception {
        PlatformClient client = new PlatformClient(stack.commandService(),
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
        SendStats stats = new SendStats();
        try (ReadingSink sink = Sinks.open(options.path(), stack, client, 2, fleet.deviceIds().get(0), runId, stats,
                reading -> { }, console)) {
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
                        "%5d s: sent %d, accepted %d, in flight %d, errors %s%s",
                        Duration.ofNanos(System.nanoTime() - startNanos).toSeconds(), stats.sent(), stats.accepted(),
                        sink.inFlight(), stats.errorSummary(),
                        options.anomalies() ? ", spikes " + fleet.spikes() : ""))) {
                    driver.run(options.rate(), options.duration().orElse(null), reading -> { });
                }
                sink.close();
                console.info("done: %d readings made, %d sent, %d accepted, errors %s", fleet.count(), stats.sent(),
                        stats.accepted(), stats.errorSummary());
            } finally {
                finished.countDown();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // stopped by Ctrl-C: the JVM is already shutting down
            }
            return stats.errors() == 0 ? 0 : 1;
        }
    }
}
