package io.telemetra.cli;

import io.telemetra.load.Bench;
import io.telemetra.load.BenchOptions;
import io.telemetra.load.Console;
import io.telemetra.load.IngestPath;
import io.telemetra.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * {@code ./telemetra bench}: the ingestion benchmark against the stack running from the home, or against a stack of its
 * own in the bench home (on the default ports, or all of them shifted by 1000 when another stack holds those), started
 * as its own process in its own session (Ctrl-C here must not reach it) and stopped in order afterwards.
 */
@Command(name = "bench", sortOptions = false, description = {
        "The ingestion benchmark: the platform's sustained rate against the raw PostgreSQL insert rate, visibility "
                + "latency, CPU per part. Uses the running stack, or starts one in TELEMETRA_BENCH_HOME (else "
                + ".telemetra-bench) and stops it afterwards.",
        "Without --rate it ramps up to the saturated rate, measures at 0.9 of it, then at half the rate "
                + "that window sustained end to end.",
        "Prints progress, a table, and last one line:",
        "  ratio <x> platform <n>/s raw <m>/s p99-visibility <t>ms e2e <e>/s cpu <c>us half-load-p99 <h>ms "
                + "half-load-cpu <k>us"})
final class BenchCommand implements Callable<Integer> {

    private static final List<Integer> DEFAULT_SERVICE_PORTS = List.of(8081, 8082, 8083);
    /** The stack's default ports: the services, PostgreSQL, Kafka and its controller, MQTT. */
    private static final List<Integer> DEFAULT_PORTS = List.of(8081, 8082, 8083, 15432, 19092, 19093, 11883);
    private static final int PORT_SHIFT = 1000;
    private static final Duration STACK_START_WAIT = Duration.ofSeconds(600);
    private static final Duration STACK_STOP_TIMEOUT = Duration.ofSeconds(120);

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Option(names = "--devices", paramLabel = "N", converter = Values.Positive.class, defaultValue = "1000",
            description = "Simulated devices, registered as bench-0001... and reused (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", paramLabel = "RATE", converter = Values.RateValue.class, description = "Offered "
            + "readings per second, open loop: 5000, 5000/s (default: ramp up from 500/s by x1.5 every 10 s until the "
            + "platform falls behind, then measure at 90 %% of the best rate it stored).")
    Double rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Values.DurationValue.class,
            defaultValue = "60s", description = "The measured window: 60s, 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = Values.DurationValue.class,
            defaultValue = "60s", description = "Load before the window, not measured (default: ${DEFAULT-VALUE}: "
            + "JIT, caches).")
    Duration warmup;

    @Option(names = "--path", paramLabel = "kafka|rest|mqtt", defaultValue = "kafka", description = "A gateway "
            + "producer on telemetra.device-telemetry, REST batches, or each device over MQTT, one reading per "
            + "message (default: ${DEFAULT-VALUE}).")
    IngestPath path;

    @Option(names = "--senders", paramLabel = "N", converter = Values.Positive.class, defaultValue = "8",
            description = "Concurrent HTTP senders on the rest path (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--instances", paramLabel = "N", converter = Values.Positive.class, description = "Instances of "
            + "each service in the benchmark's own stack (default: 1); against a running stack, what it runs (this "
            + "option must then match it). REST requests go round the command-service instances.")
    Integer instances;

    @Option(names = "--sample-every", paramLabel = "N", converter = Values.Positive.class, defaultValue = "50",
            description = "Follow one reading in N until visible in the read model (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--preload", paramLabel = "N", converter = Values.Count.class, defaultValue = "0",
            description = "First make the store hold N events of other devices (10M, 50M), COPied into the event store"
                    + " and projected through the real projection; events of earlier preloads count (default: none).")
    long preload;

    @Option(names = "--preload-devices", paramLabel = "N", converter = Values.Positive.class,
            description = "Devices a preload spreads its events over (default: one per thousand events).")
    Integer preloadDevices;

    @Option(names = "--preload-span", paramLabel = "DURATION", converter = Values.DurationValue.class,
            defaultValue = "30d", description = "How far back the preloaded events' stored times reach (default:"
            + " ${DEFAULT-VALUE}).")
    Duration preloadSpan;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        Workspace workspace = telemetra.workspace();
        Path stackHome = home.resolve(workspace);
        PrintWriter out = spec.commandLine().getOut();
        Optional<RunningStack> running = RunningStack.in(stackHome);
        if (running.isPresent()) {
            int runs = running.get().instances();
            if (instances != null && instances != runs) {
                throw new CliException("error: the stack running from " + stackHome + " runs " + runs + " instance"
                        + (runs > 1 ? "s" : "") + " of each service, not " + instances + ": stop it, or leave "
                        + "--instances out", 2);
            }
            say(out, "benchmarking the stack running from " + stackHome + (runs > 1 ? " (" + runs
                    + " instances of each service)" : ""));
            return bench(options, workspace, stackHome);
        }
        return onOwnStack(options, workspace, stackHome, out);
    }

    BenchOptions options() {
        try {
            return new BenchOptions(devices, rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate), duration,
                    warmup, path, senders, sampleEvery, preload, preloadDevices == null ? 0 : preloadDevices,
                    preloadSpan);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static int bench(BenchOptions options, Workspace workspace, Path stackHome) throws Exception {
        return new Bench(options, RunningStack.forLoad(workspace, stackHome, options.path()),
                new Console(System.out)).run();
    }

    private int onOwnStack(BenchOptions options, Workspace workspace, Path stackHome, PrintWriter out)
            throws Exception {
        Path benchHome = workspace.benchHome();
        int count = instances == null ? 1 : instances;
        List<String> ports = ports(count, Http::open);
        Files.createDirectories(benchHome);
        Path output = benchHome.resolve("up.out");
        say(out, "no stack runs from " + stackHome + ": starting one for the benchmark from " + benchHome
                + (count > 1 ? " with " + count + " instances of each service" : "")
                + (ports.isEmpty() ? "" : " (ports shifted: " + String.join(" ", ports) + ")")
                + "; it is stopped afterwards");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
            command.add("setsid"); // its own session: Ctrl-C here must not reach the stack, which is stopped in order
        }
        command.add(workspace.repository().resolve("telemetra").toString());
        command.add("up");
        command.addAll(List.of("--instances", String.valueOf(count)));
        command.addAll(ports);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("TELEMETRA_HOME", benchHome.toString());
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                say(out, "stopping the benchmark stack");
                try {
                    DownCommand.stop(benchHome, STACK_STOP_TIMEOUT, out);
                } catch (IOException | RuntimeException e) {
                    say(out, "telemetra: could not stop the benchmark stack: " + e.getMessage());
                }
            }
        };
        Thread hook = new Thread(stop, "bench-stack-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Process up = builder.start();
            up.getOutputStream().close();
            awaitUp(up, output, out);
            return bench(options, workspace, benchHome);
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run or runs now
            }
        }
    }

    /** Shows the stack's output as it comes, until it is up. */
    private static void awaitUp(Process up, Path output, PrintWriter out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STACK_START_WAIT.toNanos();
        int shown = 0;
        while (true) {
            List<String> lines = Files.isRegularFile(output)
                    ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
            for (String line : lines.subList(Math.min(shown, lines.size()), lines.size())) {
                say(out, "  stack: " + line);
            }
            shown = Math.max(shown, lines.size());
            if (lines.stream().anyMatch(line -> line.contains("Telemetra is up"))) {
                return;
            }
            if (!up.isAlive()) {
                throw CliException.die("the benchmark stack did not start (its output is above and in " + output + ")");
            }
            if (System.nanoTime() > deadline) {
                throw CliException.die("the benchmark stack did not start within " + STACK_START_WAIT.toSeconds()
                        + " s (see " + output + ")");
            }
            Thread.sleep(1000);
        }
    }

    /** Launcher options for the bench's own stack: none on free default ports, else every port shifted by 1000. */
    static List<String> ports(int instances, IntPredicate inUse) {
        List<Integer> defaults = new ArrayList<>(DEFAULT_PORTS);
        for (int instance = 1; instance < instances; instance++) {
            for (int port : DEFAULT_SERVICE_PORTS) {
                defaults.add(port + StackConfig.INSTANCE_PORT_STEP * instance);
            }
        }
        if (defaults.stream().noneMatch(inUse::test)) {
            return List.of();
        }
        if (defaults.stream().map(port -> port + PORT_SHIFT).anyMatch(inUse::test)) {
            throw CliException.die("the default ports and the same shifted by 1000 are in use: stop a stack "
                    + "(./telemetra status) or start one for the bench yourself with other ports (./telemetra up "
                    + "--help) and run bench with its TELEMETRA_HOME");
        }
        return List.of("--command-port", "9081", "--query-port", "9082", "--projection-port", "9083",
                "--postgres-port", "16432", "--kafka-port", "20092", "--mqtt-port", "12883");
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
