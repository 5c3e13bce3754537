package io.telemetra.stack;

import io.telemetra.mqtt.EmbeddedMqttBroker;
import io.telemetra.security.TelemetraSecurityProperties;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole platform on one machine without Docker: a durable embedded PostgreSQL, a KRaft Kafka broker and an MQTT
 * broker in this JVM, and command-, query- and projection-service as child processes, one or more instances of each
 * ({@link StackConfig#instances()}). Run it with {@link #runUntilStopped} (what {@code ./telemetra up} does) or from a
 * test: {@code new LocalStack(config, System.out).start()}, then {@link #close()}.
 *
 * <p>Start-up order: PostgreSQL, Kafka and the MQTT broker together, then every service instance together, each
 * awaited until its {@code /actuator/health} is UP. {@link #close()} stops them in reverse: services, the MQTT broker,
 * Kafka, PostgreSQL.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POSTGRES_STARTUP_WAIT = Duration.ofSeconds(120);
    private static final long HEALTH_POLL_MILLIS = 250;
    private static final int LOG_TAIL_LINES = 40;
    public static final String MQTT_BRIDGE_USERNAME = "telemetra-bridge";
    /** Like the services' request limit: a device may publish as many readings in one message as in one request. */
    private static final int MQTT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    private final StackConfig config;
    private final Progress progress;
    private final PidFile pidFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook = new Thread(this::close, "telemetra-shutdown");
    private final CountDownLatch closed = new CountDownLatch(1);

    private final Object lock = new Object();
    private boolean started;
    private boolean closing;
    private boolean ownsPidFile;
    private LogRouting logRouting;
    private DurablePostgres postgres;
    private KafkaBroker kafka;
    private EmbeddedMqttBroker mqtt;
    private final List<ServiceProcess> services = new ArrayList<>();
    private String jwtSecret;
    private String mqttBridgePassword;

    public LocalStack(StackConfig config, PrintStream out) {
        this.config = config;
        this.progress = new Progress(out);
        this.pidFile = PidFile.in(config.home());
    }

    /**
     * What {@code ./telemetra up} does: starts everything, then runs until Ctrl-C or SIGTERM stops it in order.
     *
     * @return the exit code: 0 once stopped, 1 when it could not start
     */
    public int runUntilStopped() {
        AtomicBoolean signalled = new AtomicBoolean();
        boolean handled = Signals.onTermination(
                () -> {
                    signalled.set(true);
                    close();
                    System.exit(0);
                },
                () -> progress.info("already stopping, please wait"));
        if (!handled) {
            progress.warn("cannot intercept Ctrl-C/SIGTERM here: the stack stops through a shutdown hook");
        }
        try {
            start();
        } catch (StackException e) {
            if (!signalled.get()) {
                return 1;
            }
        }
        awaitClosed(); // stopped by a signal, whose thread exits once the stack is down
        return 0;
    }

    /**
     * Starts everything and returns once every service is healthy.
     *
     * @throws StackException when something cannot start (also printed); whatever did start is stopped again
     */
    public void start() {
        synchronized (lock) {
            if (started || closing) {
                throw new IllegalStateException("a LocalStack starts once");
            }
            started = true;
        }
        long startNanos = System.nanoTime();
        try {
            prepareHome();
            loadSecrets();
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            startInfrastructure();
            startServices();
        } catch (RuntimeException | IOException e) {
            StackException failure = e instanceof StackException stackException ? stackException
                    : new StackException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
            if (!isClosing()) {
                progress.error(failure.getMessage()); // before the shutdown lines, where it is seen first
            }
            close();
            throw failure;
        }
        printSummary(startNanos);
    }

    private void prepareHome() throws IOException {
        Files.createDirectories(config.logs());
        progress.info("Telemetra home %s", config.home());
        stopLeftovers();
        checkPortsFree();
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(config.jar(service))) {
                throw new StackException(service.serviceName() + " jar not found at " + config.jar(service)
                        + "; build it with ./mvnw -DskipTests package (./telemetra up does)");
            }
        }
        pidFile.write(ProcessHandle.current().pid(), List.of());
        synchronized (lock) {
            ownsPidFile = true;
        }
        for (String name : List.of("kafka", "postgres", "mqtt")) {
            LogFiles.rotate(config.logs().resolve(name + ".log"));
        }
        for (Service service : Service.values()) {
            for (int instance = 0; instance < config.instances(); instance++) {
                LogFiles.rotate(config.log(service, instance));
            }
        }
        LogRouting routing = LogRouting.route(config.logs().resolve("kafka.log"), config.logs().resolve("postgres.log"),
                config.logs().resolve("mqtt.log"));
        synchronized (lock) {
            logRouting = routing;
        }
    }

    /**
     * Refuses to run twice on one home, and stops processes that a launcher killed without a chance to clean up left
     * running (see {@link Leftovers}).
     */
    private void stopLeftovers() throws IOException {
        Optional<ProcessHandle> running = Leftovers.launcher(config.home());
        if (running.isPresent()) {
            throw new StackException("Telemetra is already running from " + config.home() + " (pid "
                    + running.get().pid() + "); stop it with ./telemetra down");
        }
        Leftovers.stop(config.home(), leftover -> progress.warn(
                "stopping %s (pid %d), left running by a launcher that did not stop it", leftover.name(),
                leftover.process().pid()));
    }

    private void checkPortsFree() {
        List<String> busy = new ArrayList<>();
        config.namedPorts().forEach((name, port) -> {
            if (!isFree(port)) {
                busy.add(name + " :" + port);
            }
        });
        if (!busy.isEmpty()) {
            throw new StackException("port" + (busy.size() > 1 ? "s" : "") + " already in use: "
                    + String.join(", ", busy) + ". Is another Telemetra running (./telemetra status)? "
                    + "Other ports can be chosen with the --*-port options (--help).");
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The token secret the services validate tokens with, and the MQTT bridge's password: the broker needs both before
     * the services start.
     */
    private void loadSecrets() throws IOException {
        String secret = System.getenv(DevelopmentSecret.ENVIRONMENT_VARIABLE);
        if (secret == null || secret.isBlank()) {
            secret = DevelopmentSecret.loadOrCreate(config.jwtSecretFile());
        } else {
            progress.info("tokens are validated with %s from the environment", DevelopmentSecret.ENVIRONMENT_VARIABLE);
        }
        String bridgePassword = DevelopmentSecret.loadOrCreate(config.mqttBridgePasswordFile());
        synchronized (lock) {
            jwtSecret = secret;
            mqttBridgePassword = bridgePassword;
        }
    }

    /** PostgreSQL, Kafka and the MQTT broker do not depend on each other: start them side by side. */
    private void startInfrastructure() {
        CompletableFuture<Void> pg = async("postgres-start", this::startPostgres);
        CompletableFuture<Void> broker = async("kafka-start", this::startKafka);
        CompletableFuture<Void> mqttBroker = async("mqtt-start", this::startMqtt);
        try {
            CompletableFuture.allOf(pg, broker, mqttBroker).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StackException stackException) {
                throw stackException;
            }
            throw new StackException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
        recordProcesses();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> async(String name, Step step) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                step.run();
                future.complete(null);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, name);
        thread.start();
        return future;
    }

    private void startPostgres() throws IOException {
        long t0 = System.nanoTime();
        boolean fresh = !Files.exists(config.postgresData().resolve("PG_VERSION"));
        if (fresh) {
            progress.info("postgres: creating a new database cluster in %s", config.postgresData());
        }
        DurablePostgres pg;
        try {
            pg = DurablePostgres.start(config.postgresData(), config.postgresPort(),
                    config.logs().resolve("postgres.log"), POSTGRES_STARTUP_WAIT);
        } catch (IOException | RuntimeException e) {
            throw new StackException("PostgreSQL did not start: " + e.getMessage() + System.lineSeparator()
                    + "last lines of " + config.logs().resolve("postgres.log") + ":" + System.lineSeparator()
                    + LogFiles.indentedTail(config.logs().resolve("postgres.log"), LOG_TAIL_LINES), e);
        }
        synchronized (lock) {
            if (!closing) {
                postgres = pg;
                pg = null;
            }
        }
        if (pg != null) {
            pg.close();
            throw stopped();
        }
        progress.info("postgres ready on :%d (PostgreSQL %s, fsync on, data in %s) in %s",
                config.postgresPort(), postgres.version(), config.postgresData(), Progress.seconds(t0));
    }

    private void startKafka() throws Exception {
        long t0 = System.nanoTime();
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(config.kafkaData(), config.kafkaPort(), config.kafkaControllerPort());
        } catch (Exception e) {
            throw new StackException("Kafka did not start: " + e + System.lineSeparator() + "last lines of "
                    + config.logs().resolve("kafka.log") + ":" + System.lineSeparator()
                    + LogFiles.indentedTail(config.logs().resolve("kafka.log"), LOG_TAIL_LINES), e);
        }
        synchronized (lock) {
            if (!closing) {
                kafka = broker;
                broker = null;
            }
        }
        if (broker != null) {
            broker.close();
            throw stopped();
        }
        int topics = kafka.topicCount();
        progress.info("kafka ready on :%d (KRaft, %s, %d topics, data in %s) in %s", config.kafkaPort(),
                kafka.newlyFormatted() ? "new storage formatted" : "existing storage", topics, config.kafkaData(),
                Progress.seconds(t0));
    }

    private void startMqtt() throws IOException {
        long t0 = System.nanoTime();
        EmbeddedMqttBroker broker;
        try {
            broker = EmbeddedMqttBroker.start(new EmbeddedMqttBroker.Settings("localhost", config.mqttPort(),
                    config.mqttData(), new TelemetraSecurityProperties.Jwt(jwtSecret(), null, null, null, null),
                    MQTT_BRIDGE_USERNAME, mqttBridgePassword(), MQTT_MAX_MESSAGE_BYTES));
        } catch (IOException | RuntimeException e) {
            throw new StackException("the MQTT broker did not start: " + e + System.lineSeparator() + "last lines of "
                    + config.logs().resolve("mqtt.log") + ":" + System.lineSeparator()
                    + LogFiles.indentedTail(config.logs().resolve("mqtt.log"), LOG_TAIL_LINES), e);
        }
        synchronized (lock) {
            if (!closing) {
                mqtt = broker;
                broker = null;
            }
        }
        if (broker != null) {
            broker.close();
            throw stopped();
        }
        progress.info("mqtt ready on :%d (devices connect with username = device id, password = a device token; "
                + "data in %s) in %s", config.mqttPort(), config.mqttData(), Progress.seconds(t0));
    }

    private void startServices() throws IOException {
        String secret = jwtSecret();
        Map<String, String> environment = Map.of(
                "TELEMETRA_DB_URL", postgres.jdbcUrl(),
                "TELEMETRA_DB_USER", DurablePostgres.USER,
                "TELEMETRA_DB_PASSWORD", DurablePostgres.PASSWORD,
                "TELEMETRA_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                DevelopmentSecret.ENVIRONMENT_VARIABLE, secret);
        progress.info("starting %s, %s and %s%s (logs in %s)", Service.COMMAND.serviceName(),
                Service.QUERY.serviceName(), Service.PROJECTION.serviceName(),
                config.instances() > 1 ? ", " + config.instances() + " instances of each" : "", config.logs());
        for (Service service : Service.values()) {
            Path jar = stage(service);
            for (int instance = 0; instance < config.instances(); instance++) {
                ServiceProcess process = ServiceProcess.start(service, instance, jar, config.port(service, instance),
                        environment(service, instance, environment), config.serviceJvmOptions(), config.home(),
                        config.log(service, instance));
                boolean accepted;
                synchronized (lock) {
                    accepted = !closing;
                    if (accepted) {
                        services.add(process);
                    }
                }
                if (!accepted) {
                    process.requestStop();
                    process.awaitStop(SERVICE_STOP_GRACE);
                    throw stopped();
                }
            }
        }
        recordProcesses();
        awaitHealthy();
        services.forEach(this::reportUnexpectedExit);
    }

    /**
     * query-service connects with the read-only role, and forwards the fleet page's actions to the command-service
     * instance of its own rank (one origin for the browser; in production a load balancer stands in front of them).
     */
    private Map<String, String> environment(Service service, int instance, Map<String, String> common) {
        return switch (service) {
            case QUERY -> {
                Map<String, String> reader = new HashMap<>(common);
                reader.put("TELEMETRA_DB_USER", DurablePostgres.READER_USER);
                reader.put("TELEMETRA_DB_PASSWORD", DurablePostgres.READER_PASSWORD);
                // The fleet page's actions go through query-service to command-service (one origin for the browser).
                reader.put("TELEMETRA_COMMAND_SERVICE_URL", "http://localhost:" + config.port(Service.COMMAND, instance));
                yield reader;
            }
            // Only the first instance bridges MQTT: the embedded broker has no shared subscriptions, so a second bridge
            // would receive every device's messages again.
            case COMMAND -> archiving(instance > 0 ? common : bridge(common));
            default -> common;
        };
    }

    /**
     * Reading events past the hot horizon move to the archive in the home, next to the database they leave; every
     * instance reads it (history over an archived period), one at a time archives.
     */
    private Map<String, String> archiving(Map<String, String> command) {
        Map<String, String> archiving = new HashMap<>(command);
        archiving.put("TELEMETRA_ARCHIVE_ENABLED", "true");
        archiving.put("TELEMETRA_ARCHIVE_DIRECTORY", config.home().resolve("archive").toString());
        return archiving;
    }

    private Map<String, String> bridge(Map<String, String> common) {
        Map<String, String> bridge = new HashMap<>(common);
        bridge.put("TELEMETRA_MQTT_ENABLED", "true");
        bridge.put("TELEMETRA_MQTT_URL", mqttUrl());
        bridge.put("TELEMETRA_MQTT_USERNAME", MQTT_BRIDGE_USERNAME);
        bridge.put("TELEMETRA_MQTT_PASSWORD", mqttBridgePassword());
        return bridge;
    }

    /**
     * Runs each service from a copy in the home: a rebuild replaces the jar under {@code target/} while the service
     * still loads classes from it lazily, which would break it at some later request. Copies only what changed.
     */
    private Path stage(Service service) throws IOException {
        Path jar = config.jar(service);
        Path staged = Files.createDirectories(config.home().resolve("jars")).resolve(service.serviceName() + ".jar");
        if (Files.isRegularFile(staged) && Files.size(staged) == Files.size(jar)
                && Files.getLastModifiedTime(staged).equals(Files.getLastModifiedTime(jar))) {
            return staged;
        }
        Path temp = staged.resolveSibling(staged.getFileName() + ".tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(temp, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return staged;
    }

    /** Polls every service until each is healthy; a service that exits or the timeout fails the start at once. */
    private void awaitHealthy() {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        Set<ServiceProcess> pending = new LinkedHashSet<>(services);
        while (!pending.isEmpty()) {
            for (ServiceProcess service : List.copyOf(pending)) {
                if (isClosing()) {
                    throw stopped();
                }
                if (!service.isAlive()) {
                    throw new StackException(service.name() + " exited with code "
                            + service.process().exitValue() + " while starting; last lines of " + service.log()
                            + ":" + System.lineSeparator() + service.logTail(LOG_TAIL_LINES));
                }
                if (service.isHealthy(http)) {
                    pending.remove(service);
                    progress.info("%s up on %s (pid %d) in %s", service.name(), service.url(),
                            service.pid(), Progress.seconds(service.startNanos()));
                }
            }
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                ServiceProcess first = pending.iterator().next();
                throw new StackException(names(pending) + " not healthy after "
                        + config.startupTimeout().toSeconds() + " s (--startup-timeout); last lines of "
                        + first.log() + ":" + System.lineSeparator() + first.logTail(LOG_TAIL_LINES));
            }
            if (!pending.isEmpty()) {
                sleep(HEALTH_POLL_MILLIS);
            }
        }
    }

    private void reportUnexpectedExit(ServiceProcess service) {
        service.process().onExit().thenAccept(process -> {
            if (!isClosing()) {
                progress.error(service.name() + " exited unexpectedly with code "
                        + process.exitValue() + "; the rest of the stack keeps running. Last lines of "
                        + service.log() + ":" + System.lineSeparator() + service.logTail(LOG_TAIL_LINES));
            }
        });
    }

    private static String names(Set<ServiceProcess> processes) {
        return String.join(", ", processes.stream().map(ServiceProcess::name).toList());
    }

    private void recordProcesses() {
        try {
            pidFile.write(ProcessHandle.current().pid(), processEntries());
        } catch (IOException e) {
            progress.warn("could not write %s: %s", pidFile.path(), e.getMessage());
        }
    }

    private List<PidFile.Entry> processEntries() {
        List<PidFile.Entry> entries = new ArrayList<>();
        synchronized (lock) {
            if (postgres != null) {
                postgres.postmasterPid().ifPresent(pid -> entries.add(
                        new PidFile.Entry("postgres", pid, postgres.port())));
            }
            if (kafka != null) {
                entries.add(new PidFile.Entry("kafka", ProcessHandle.current().pid(), kafka.port()));
            }
            if (mqtt != null) {
                entries.add(new PidFile.Entry("mqtt", ProcessHandle.current().pid(), mqtt.port()));
            }
            services.forEach(s -> entries.add(new PidFile.Entry(s.service().serviceName(), s.pid(), s.port())));
        }
        return entries;
    }

    private void printSummary(long startNanos) {
        progress.info("Telemetra is up in %s", Progress.seconds(startNanos));
        StringBuilder summary = new StringBuilder();
        for (Service service : Service.values()) {
            for (int instance = 0; instance < config.instances(); instance++) {
                summary.append(String.format("  %-20s %s%n", StackConfig.instanceName(service, instance),
                        url(service, instance)));
            }
        }
        summary.append(String.format("  %-20s %s (user %s; query-service reads as %s)%n", "postgres", jdbcUrl(),
                DurablePostgres.USER, DurablePostgres.READER_USER));
        summary.append(String.format("  %-20s %s%n", "kafka", kafkaBootstrapServers()));
        summary.append(String.format("  %-20s %s (username = device id, password = ./telemetra token --device ID)%n",
                "mqtt", mqttUrl()));
        summary.append(String.format("  %-20s %s%n", "data", config.home()));
        summary.append(String.format("  %-20s %s%n", "logs", config.logs()));
        summary.append("Stop with Ctrl-C or ./telemetra down.");
        progress.raw(summary.toString());
    }

    public StackConfig config() {
        return config;
    }

    /** The first instance of the service. */
    public URI url(Service service) {
        return url(service, 0);
    }

    public URI url(Service service, int instance) {
        return URI.create("http://localhost:" + config.port(service, instance));
    }

    public String jdbcUrl() {
        synchronized (lock) {
            return postgres.jdbcUrl();
        }
    }

    /** The embedded MQTT broker's URL, e.g. {@code tcp://localhost:11883}. */
    public String mqttUrl() {
        return "tcp://localhost:" + config.mqttPort();
    }

    /** The MQTT bridge's password at the embedded broker (username {@value #MQTT_BRIDGE_USERNAME}). */
    public String mqttBridgePassword() {
        synchronized (lock) {
            return mqttBridgePassword;
        }
    }

    public String kafkaBootstrapServers() {
        synchronized (lock) {
            return kafka.bootstrapServers();
        }
    }

    /** The HMAC key the services validate bearer tokens with, to mint development tokens for this stack. */
    public String jwtSecret() {
        synchronized (lock) {
            return jwtSecret;
        }
    }

    /** The processes the stack runs, as the pid file lists them: {@code postgres}, {@code kafka}, each instance. */
    public List<PidFile.Entry> processes() {
        return processEntries();
    }

    boolean isClosing() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Blocks until {@link #close()} has finished, whoever called it. */
    public void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops services (SIGTERM, SIGKILL after 30 s), then Kafka, then PostgreSQL, and removes the pid file.
     * Idempotent; a second caller waits for the first to finish.
     */
    @Override
    public void close() {
        boolean first;
        synchronized (lock) {
            first = !closing;
            closing = true;
        }
        if (!first) {
            awaitClosed();
            return;
        }
        try {
            stopAll();
        } finally {
            closed.countDown();
        }
    }

    private void stopAll() {
        long t0 = System.nanoTime();
        List<ServiceProcess> running;
        EmbeddedMqttBroker mqttBroker;
        KafkaBroker broker;
        DurablePostgres pg;
        LogRouting routing;
        boolean removePidFile;
        synchronized (lock) {
            running = new ArrayList<>(services);
            mqttBroker = mqtt;
            broker = kafka;
            pg = postgres;
            routing = logRouting;
            removePidFile = ownsPidFile;
        }
        boolean anything = !running.isEmpty() || mqttBroker != null || broker != null || pg != null;
        if (anything) {
            progress.info("stopping Telemetra");
        }
        running.forEach(ServiceProcess::requestStop);
        for (ServiceProcess service : running) {
            if (service.awaitStop(SERVICE_STOP_GRACE)) {
                progress.info("%s stopped", service.name());
            } else {
                progress.warn("%s did not stop within %d s: killed", service.name(),
                        SERVICE_STOP_GRACE.toSeconds());
            }
        }
        if (mqttBroker != null) {
            try {
                mqttBroker.close();
                progress.info("mqtt stopped");
            } catch (RuntimeException e) {
                progress.warn("mqtt did not stop cleanly: %s", e);
            }
        }
        if (broker != null) {
            try {
                broker.close();
                progress.info("kafka stopped");
            } catch (RuntimeException e) {
                progress.warn("kafka did not stop cleanly: %s", e);
            }
        }
        if (pg != null) {
            try {
                pg.close();
                progress.info("postgres stopped");
            } catch (IOException | RuntimeException e) {
                progress.warn("postgres did not stop cleanly: %s", e);
            }
        }
        if (routing != null) {
            routing.close();
        }
        if (removePidFile) {
            try {
                pidFile.delete();
            } catch (IOException e) {
                progress.warn("could not delete %s: %s", pidFile.path(), e.getMessage());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this very hook may be what runs us
        }
        if (anything) {
            progress.info("stopped in %s", Progress.seconds(t0));
        }
    }

    private static StackException stopped() {
        return new StackException("stopped while starting");
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while starting");
        }
    }
}
