package io.telemetra.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./telemetra bench}: the platform's sustained ingestion against the raw ceiling of its own PostgreSQL.
 * <ol>
 *   <li>checks that PostgreSQL is durable (fsync, synchronous_commit, full_page_writes on), registers the devices and
 *       lets the platform finish any earlier backlog;</li>
 *   <li>without --rate, ramps the offered load up until the platform falls behind, then measures just below it;</li>
 *   <li>the raw ceiling: inserts as many rows as the window will offer (at least {@value #MIN_RAW_ROWS}) the raw way,
 *       while the services are idle, so that neither measurement competes with the other for the two cores;</li>
 *   <li>warms up, then offers the rate open loop for the measured window: the platform's figure is the number of
 *       ReadingRecorded events the event store gained in that window, over its length, next to the readings the read
 *       model gained (end to end); sampled readings are followed until visible in the read model.</li>
 *   <li>the CPU time each part of the stack used in the raw ceiling and in the window, per row and per reading: where
 *       the cost of a reading goes, next to what the machine could spend on one at a ratio of 0.5.</li>
 *   <li>without --rate, a second window offered half the rate the first one sustained end to end, after the platform
 *       caught up and a short settling: visibility and CPU per reading when the platform is not saturated.</li>
 * </ol>
 */
public final class Bench {

    static final String DEVICE_PREFIX = "bench";
    private static final long MIN_RAW_ROWS = 50_000;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final long VISIBILITY_WAIT_SECONDS = 30;
    private static final double RAMP_START = 500;
    private static final double RAMP_FACTOR = 1.5;
    private static final Duration RAMP_STEP = Duration.ofSeconds(10);
    private static final int RAMP_MAX_STEPS = 12;
    /** A ramp step keeps up when the store gains at least this share of the offered rate. */
    private static final double KEEPING_UP = 0.9;
    /** Without --rate, the window offers this share of the best rate stored during the ramp. */
    private static final double MEASURE_AT = 0.9;
    private static final Duration DRAIN_QUIET = Duration.ofSeconds(3);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(120);
    private static final Duration HALF_LOAD_SETTLE = Duration.ofSeconds(10);

    private final BenchOptions options;
    private final Stack stack;
    private final Console console;

    public Bench(BenchOptions options, Stack stack, Console console) {
        this.options = options;
        this.stack = stack;
        this.console = console;
    }

    /** @return the exit code */
    public int run() throws Exception {
        String load = options.rate().isPresent()
                ? String.format(Locale.ROOT, "%.0f/s offered", options.rate().getAsDouble()) : "rate found by a ramp";
        console.info("bench: %s path, %d devices, %s, warmup %d s, window %d s, stack in %s",
                options.path().label(), options.devices(), load, options.warmup().toSeconds(),
                options.duration().toSeconds(), stack.home());
        try (Connection db = connect(); Connection pollDb = connect()) {
            Map<String, String> durability = RawCeiling.durability(db);
            console.info("postgres localhost:%d: %s", stack.postgresPort(), describe(durability));
            if (!RawCeiling.durable(durability)) {
                console.info("error: PostgreSQL is not durable: neither figure would mean anything");
                return 1;
            }
            EventStore events = new EventStore(db);
            ReadModel readModel = new ReadModel(db);
            PlatformClient client = new PlatformClient(stack.commandServices(),
                    new BearerToken(stack.jwtSecret(), "load-generator"));
            if (options.preload() > 0) {
                new Preload(db, stack, client, console).run(new Preload.Plan(options.preload(),
                        options.preloadDevices(), options.preloadSpan()));
            }
            Instant start = Instant.now();
            String runId = Fleet.runId(start);
            Fleet fleet = new Fleet(DEVICE_PREFIX, options.devices(), 42, false, runId, options.sampleEvery(), start);
            if (!register(client, fleet)) {
                return 1;
            }
            SendStats stats = new SendStats();
            MqttFleet mqtt = null;
            if (options.path() == IngestPath.MQTT) {
                long t0 = System.nanoTime();
                mqtt = MqttFleet.connect(stack.mqttUrl(), fleet.deviceIds(), stack.jwtSecret());
                console.info("%d devices connected to %s, each with its own device token, in %.1f s",
                        mqtt.size(), stack.mqttUrl(), (System.nanoTime() - t0) / 1e9);
            }
            try (MqttFleet connections = mqtt;
                 VisibilityTracker tracker = new VisibilityTracker(pollDb);
                 ReadingSink sink = Sinks.open(options.path(), stack, client, options.senders(),
                         fleet.deviceIds().get(0), runId, stats, tracker::forget, console, connections)) {
                drain(events, sink, "with earlier work");
                Driver driver = new Driver(fleet, sink);
                Ramp ramp = options.rate().isPresent() ? null : ramp(driver, options.devices(), events, sink);
                double rate = ramp == null ? options.rate().getAsDouble() : ramp.measureAt();
                long windowReadings = Math.round(rate * options.duration().toMillis() / 1000.0);
                CpuAccount cpu = CpuAccount.of(stack);
                CpuAccount.Snapshot beforeRaw = cpu.snapshot();
                RawCeiling.Result raw = rawCeiling(db, Math.max(windowReadings, MIN_RAW_ROWS));
                CpuAccount.Usage rawCpu = cpu.snapshot().since(beforeRaw, raw.rows());
                if (!options.warmup().isZero()) {
                    console.info("warmup: %.0f/s for %d s", rate, options.warmup().toSeconds());
                    try (Ticker ignored = progress("warmup", rate, driver, sink, stats, events, null)) {
                        driver.run(rate, options.warmup(), reading -> { });
                    }
                }
                Window window = measure(driver, rate, events, readModel, sink, stats, tracker, cpu);
                long notVisible = awaitVisibility(tracker);
                Percentiles visibility = Percentiles.ofMicros(tracker.latencies());
                Percentiles restRequests = options.path() == IngestPath.REST
                        ? Percentiles.ofMicros(stats.requestMicros()) : null;
                EventStore.Readings stored = events.readingsBetween(window.headBefore(), window.headAfter());
                BenchReport.HalfLoad halfLoad = ramp == null ? null
                        : halfLoad(saturated(ramp, window, stored), driver, events, readModel, sink, stats, tracker,
                        cpu);
                sink.close();
                BenchReport report = new BenchReport(options.path().label(), options.devices(), rate,
                        window.seconds(), window.sent(), window.accepted(), stored.count(), window.applied(), stored,
                        raw, visibility, notVisible, VISIBILITY_WAIT_SECONDS, restRequests,
                        stats.errorSummary() + " (whole run)", window.cpuAfter().since(window.cpuBefore(),
                        stored.count()), rawCpu, Runtime.getRuntime().availableProcessors(), halfLoad);
                if (stored.count() == 0) {
                    console.warn("the event store gained no ReadingRecorded event in the window: is the platform "
                            + "consuming this path? (./telemetra logs command)");
                }
                console.raw("");
                console.raw(report.table());
                growth(db, client, window);
                console.raw(report.line());
                return 0;
            }
        }
    }

    /**
     * @param applied readings the read model gained over the window
     * @param load    the machine's load average (1 minute) at the window's start and end
     */
    private record Window(long headBefore, long headAfter, double seconds, long sent, long accepted, long applied,
                          CpuAccount.Snapshot cpuBefore, CpuAccount.Snapshot cpuAfter, String load) {
    }

    /**
     * What the history weighs: its size, what it takes on disk and how long a device with a long one takes to load
     * (when a preload left such a device), with the machine's load next to them.
     */
    private void growth(Connection db, PlatformClient client, Window window) {
        try {
            console.raw(String.format(Locale.ROOT, "  %-22s  %s", "load average (1 min)",
                    window.load() + " (start / end of the window)"));
            StoreFootprint.Figures footprint = StoreFootprint.measure(db);
            console.raw(String.format(Locale.ROOT, "  %-22s  %s", "history", footprint.describe()));
            Optional<String> longDevice = Preload.longDevice(db);
            if (longDevice.isPresent()) {
                AggregateLoad.Result load = new AggregateLoad(client, db, console).measure(longDevice.get(),
                        DEVICE_PREFIX + "-load-probe");
                console.raw(String.format(Locale.ROOT, "  %-22s  %s (load average %s)", "aggregate load",
                        load.describe(), LoadAverage.now()));
            }
        } catch (SQLException | IOException | RuntimeException e) {
            console.warn("measuring the history failed: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Window measure(Driver driver, double rate, EventStore events, ReadModel readModel, ReadingSink sink,
                           SendStats stats, VisibilityTracker tracker, CpuAccount cpu) throws SQLException {
        console.info("measuring: %.0f/s for %d s, following 1 reading in %d to the read model", rate,
                options.duration().toSeconds(), options.sampleEvery());
        stats.restartRequestLatencies();
        long sentBefore = stats.sent();
        long acceptedBefore = stats.accepted();
        long headBefore = events.head();
        long appliedBefore = readModel.readings();
        String loadBefore = LoadAverage.now();
        CpuAccount.Snapshot cpuBefore = cpu.snapshot();
        long start = System.nanoTime();
        try (Ticker ignored = progress("window", rate, driver, sink, stats, events, tracker)) {
            driver.run(rate, options.duration(), tracker::expect);
        }
        long headAfter = events.head();
        CpuAccount.Snapshot cpuAfter = cpu.snapshot();
        double seconds = (System.nanoTime() - start) / 1e9;
        long appliedAfter = readModel.readings();
        return new Window(headBefore, headAfter, seconds, stats.sent() - sentBefore,
                stats.accepted() - acceptedBefore, appliedAfter - appliedBefore, cpuBefore, cpuAfter,
                loadBefore + " / " + LoadAverage.now());
    }

    /**
     * What the platform sustains end to end: the rate the saturated window stored and applied, whichever is lower, and
     * never more than the ramp's best. The ramp's best alone is a few seconds' burst of storing, which the read side
     * may not sustain; a reading is only visible once applied.
     */
    private static double saturated(Ramp ramp, Window window, EventStore.Readings stored) {
        double applied = window.applied() / window.seconds();
        double storedRate = stored.count() / window.seconds();
        return Math.min(ramp.best(), Math.min(applied, storedRate));
    }

    /**
     * The second window, at half the saturated rate, once the first one's backlog is stored and the load has settled.
     */
    private BenchReport.HalfLoad halfLoad(double saturated, Driver driver, EventStore events, ReadModel readModel,
                                          ReadingSink sink, SendStats stats, VisibilityTracker tracker,
                                          CpuAccount cpu) throws SQLException, InterruptedException {
        double rate = Math.floor(saturated / 2);
        drain(events, sink, "before the half-load window");
        console.info("half load: %.0f/s (half of %.0f/s), settling for %d s", rate, saturated,
                HALF_LOAD_SETTLE.toSeconds());
        try (Ticker ignored = progress("settling", rate, driver, sink, stats, events, null)) {
            driver.run(rate, HALF_LOAD_SETTLE, reading -> { });
        }
        tracker.restartLatencies();
        Window window = measure(driver, rate, events, readModel, sink, stats, tracker, cpu);
        long notVisible = awaitVisibility(tracker);
        long stored = events.readingsBetween(window.headBefore(), window.headAfter()).count();
        return new BenchReport.HalfLoad(saturated, rate, window.seconds(), stored, window.applied(),
                Percentiles.ofMicros(tracker.latencies()), notVisible, window.cpuAfter().since(window.cpuBefore(),
                stored));
    }

    /**
     * What the ramp found.
     *
     * @param best      the best rate the event store gained in a step: the saturated rate
     * @param measureAt the rate the main window offers
     */
    private record Ramp(double best, double measureAt) {
    }

    /** Steps the rate up by {@value #RAMP_FACTOR} until the store falls behind. */
    private Ramp ramp(Driver driver, int devices, EventStore events, ReadingSink sink)
            throws SQLException, InterruptedException {
        // Devices an earlier run registered are not in command-service's cache: loading them with their first readings
        // would hold the first step back and end the ramp there.
        console.info("ramp: first a reading of each device, so that no step waits for the devices to be loaded");
        driver.run(RAMP_START, Duration.ofMillis(Math.round(devices * 1000 / RAMP_START)), reading -> { });
        drain(events, sink, "with the devices' first readings");
        console.info("no --rate: ramping up from %.0f/s, x%.1f every %d s, until the platform stores less than %.0f %% "
                + "of what is offered", RAMP_START, RAMP_FACTOR, RAMP_STEP.toSeconds(), KEEPING_UP * 100);
        double rate = RAMP_START;
        double best = 0;
        for (int step = 0; step < RAMP_MAX_STEPS; step++) {
            long head = events.head();
            long start = System.nanoTime();
            driver.run(rate, RAMP_STEP, reading -> { });
            double stored = (events.head() - head) / ((System.nanoTime() - start) / 1e9);
            boolean keptUp = stored >= KEEPING_UP * rate && driver.behind() == 0 && sink.inFlight() < rate;
            console.info("ramp: offered %.0f/s, stored %.0f/s%s", rate, stored, keptUp ? "" : ": falling behind");
            best = Math.max(best, stored);
            if (!keptUp) {
                break;
            }
            rate *= RAMP_FACTOR;
        }
        drain(events, sink, "with the ramp's backlog");
        if (best < 1) {
            console.warn("nothing was stored during the ramp: measuring at %.0f/s anyway", RAMP_START);
            return new Ramp(RAMP_START, RAMP_START);
        }
        double measureAt = Math.floor(MEASURE_AT * best);
        console.info("ramp: best %.0f/s stored; measuring at %.0f/s, then at half of what that window sustains end"
                + " to end", best, measureAt);
        return new Ramp(best, measureAt);
    }

    /**
     * Waits until the client has nothing in flight and the event store has stopped growing (bounded), so that a
     * backlog does not run into the next phase.
     */
    private void drain(EventStore events, ReadingSink sink, String what) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_MAX.toNanos();
        long head = events.head();
        long quietSince = System.nanoTime();
        console.info("waiting for the platform to catch up %s", what);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = events.head();
            if (now != head || sink.inFlight() > 0) {
                head = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= DRAIN_QUIET.toNanos()) {
                return;
            }
        }
        console.warn("the platform was still storing after %d s; going on (its backlog competes with what follows)",
                DRAIN_MAX.toSeconds());
    }

    private long awaitVisibility(VisibilityTracker tracker) throws InterruptedException {
        if (tracker.pending() > 0) {
            console.info("waiting up to %d s for %d sampled readings to become visible", VISIBILITY_WAIT_SECONDS,
                    tracker.pending());
        }
        tracker.awaitVisible(TimeUnit.SECONDS.toMillis(VISIBILITY_WAIT_SECONDS));
        if (tracker.problem() != null) {
            console.warn("polling the read model failed: %s", tracker.problem());
        }
        return tracker.giveUp();
    }

    private RawCeiling.Result rawCeiling(Connection db, long rows) throws SQLException {
        console.info("raw ceiling: %d rows into a scratch copy of the event table (schema %s), %d per transaction",
                rows, RawCeiling.SCHEMA, RawCeiling.BATCH);
        long[] lastReport = {System.nanoTime()};
        RawCeiling.Result result = RawCeiling.run(db, rows, options.devices(), done -> {
            if (System.nanoTime() - lastReport[0] >= PROGRESS_EVERY.toNanos()) {
                lastReport[0] = System.nanoTime();
                console.info("raw ceiling: %d of %d rows", done, rows);
            }
        });
        console.info("raw ceiling: %d rows in %.1f s = %.0f rows/s; scratch schema dropped", result.rows(),
                result.seconds(), result.perSecond());
        return result;
    }

    private boolean register(PlatformClient client, Fleet fleet) throws InterruptedException {
        long start = System.nanoTime();
        console.info("registering %d devices (%s-...; existing ones are reused)", options.devices(), DEVICE_PREFIX);
        Registrar.Outcome outcome = Registrar.register(client, fleet.deviceIds(), "bench-thermostat",
                "Bench thermostat");
        console.info("devices: %d new, %d already registered, in %.1f s", outcome.created(), outcome.existing(),
                (System.nanoTime() - start) / 1e9);
        if (!outcome.failures().isEmpty()) {
            console.info("error: %d devices could not be registered, e.g. %s", outcome.failures().size(),
                    outcome.failures().get(0));
            return false;
        }
        return true;
    }

    /** A progress line every few seconds: load, what the store gained, visibility so far, errors. */
    private Ticker progress(String phase, double rate, Driver driver, ReadingSink sink, SendStats stats,
                            EventStore events, VisibilityTracker tracker) throws SQLException {
        long phaseStart = System.nanoTime();
        long[] last = {events.head(), System.nanoTime()};
        return new Ticker(PROGRESS_EVERY, () -> {
            String stored;
            try {
                long head = events.head();
                long now = System.nanoTime();
                stored = String.format(Locale.ROOT, "%.0f/s", (head - last[0]) / ((now - last[1]) / 1e9));
                last[0] = head;
                last[1] = now;
            } catch (SQLException e) {
                stored = "? (" + e.getMessage() + ")";
            }
            String visibility = "";
            if (tracker != null) {
                Percentiles seen = Percentiles.ofMicros(tracker.latencies());
                visibility = seen.empty()
                        ? String.format(Locale.ROOT, "  visible none yet (%d pending)", tracker.pending())
                        : String.format(Locale.ROOT, "  visible p50 %d ms p99 %d ms (%d seen, %d pending)",
                        seen.p50(), seen.p99(), seen.count(), tracker.pending());
            }
            console.info("%s %3d s: offered %.0f/s, sent %d, accepted %d, in flight %d%s, events stored %s%s, "
                            + "errors %s", phase, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - phaseStart),
                    rate, stats.sent(), stats.accepted(), sink.inFlight(),
                    driver.behind() > 0 ? ", driver behind by " + driver.behind() : "", stored, visibility,
                    stats.errorSummary());
        });
    }

    private static String describe(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((name, value) -> text.append(text.isEmpty() ? "" : " ").append(name).append('=')
                .append(value));
        return text.toString();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), Stack.USER, Stack.PASSWORD);
    }
}
