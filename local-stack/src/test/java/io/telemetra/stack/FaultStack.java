package io.telemetra.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.testsupport.TcpProxy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * The local stack's parts (its durable PostgreSQL, its KRaft broker and the packaged services as child processes,
 * {@link StackConfig#instances()} of each, configured as {@link LocalStack} configures them), each of which a test can
 * break on its own: SIGKILL an instance of a service and start it again, kill -9 a PostgreSQL backend, stop and start
 * PostgreSQL, cut the broker off. The broker advertises a {@link TcpProxy} in front of it, so every client, the
 * services and the test's own producer, reaches it only through the proxy. A method that names no instance means the
 * first.
 */
final class FaultStack implements AutoCloseable {

    private static final Duration POSTGRES_STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;
    private final Map<Service, List<String>> jvmOptions;
    private final PrintStream out;
    private final String secret = "fault-test-secret-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Each service's instances by rank; null where one was killed and not started again. */
    private final Map<Service, ServiceProcess[]> services = new EnumMap<>(Service.class);
    private DurablePostgres postgres;
    private TcpProxy kafkaProxy;
    private KafkaBroker kafka;

    /** @param jvmOptions extra JVM options by service, e.g. short deadlines for command-service */
    FaultStack(StackConfig config, Map<Service, List<String>> jvmOptions, PrintStream out) {
        this.config = config;
        this.jvmOptions = jvmOptions;
        this.out = out;
    }

    void start() throws Exception {
        postgres = startPostgres();
        kafkaProxy = TcpProxy.start("kafka", config.kafkaPort());
        kafka = KafkaBroker.start(config.kafkaData(), config.kafkaPort(), config.kafkaControllerPort(),
                kafkaProxy.port());
        for (Service service : Service.values()) {
            services.put(service, new ServiceProcess[config.instances()]);
            for (int instance = 0; instance < config.instances(); instance++) {
                launch(service, instance);
            }
        }
        awaitHealthy(config.startupTimeout());
    }

    private DurablePostgres startPostgres() throws IOException {
        return DurablePostgres.start(config.postgresData(), config.postgresPort(),
                config.logs().resolve("postgres.log"), POSTGRES_STARTUP_WAIT);
    }

    private void launch(Service service, int instance) throws IOException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TELEMETRA_DB_URL", postgres.jdbcUrl(),
                "TELEMETRA_DB_USER", DurablePostgres.USER,
                "TELEMETRA_DB_PASSWORD", DurablePostgres.PASSWORD,
                "TELEMETRA_KAFKA_BOOTSTRAP", kafkaBootstrapServers(),
                DevelopmentSecret.ENVIRONMENT_VARIABLE, secret));
        if (service == Service.QUERY) {
            environment.put("TELEMETRA_DB_USER", DurablePostgres.READER_USER);
            environment.put("TELEMETRA_DB_PASSWORD", DurablePostgres.READER_PASSWORD);
            environment.put("TELEMETRA_COMMAND_SERVICE_URL", url(Service.COMMAND, instance));
        }
        if (service == Service.COMMAND) {
            environment.put("TELEMETRA_ARCHIVE_ENABLED", "true");
            environment.put("TELEMETRA_ARCHIVE_DIRECTORY", config.home().resolve("archive").toString());
        }
        out.printf("%s starting %s%n", Instant.now(), StackConfig.instanceName(service, instance));
        services.get(service)[instance] = ServiceProcess.start(service, instance, config.jar(service),
                config.port(service, instance), environment, jvmOptions.getOrDefault(service, List.of()),
                config.home(), config.log(service, instance));
    }

    private List<ServiceProcess> running() {
        return services.values().stream().flatMap(Arrays::stream).filter(Objects::nonNull).toList();
    }

    /**
     * Every instance running answers {@code /actuator/health} UP (readiness included: database, projection lag); one
     * killed and not started again is not asked.
     */
    void awaitHealthy(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (ServiceProcess service : running()) {
                if (!service.isAlive()) {
                    throw new AssertionError(service.name() + " exited with " + service.process().exitValue()
                            + "; last lines of its log:" + System.lineSeparator() + service.logTail(60));
                }
            }
            return running().stream().allMatch(service -> service.isHealthy(http));
        });
        out.printf("%s every service is healthy%n", Instant.now());
    }

    void kill(Service service) {
        kill(service, 0);
    }

    /** SIGKILL: no shutdown hook, no graceful shutdown, nothing flushed. */
    void kill(Service service, int instance) {
        ServiceProcess process = services.get(service)[instance];
        out.printf("%s SIGKILL %s (pid %d)%n", Instant.now(), process.name(), process.pid());
        process.process().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        services.get(service)[instance] = null;
    }

    void restart(Service service) throws IOException {
        restart(service, 0);
    }

    /** Starts a killed instance again, as an operator's supervisor would; returns once it answers health UP. */
    void restart(Service service, int instance) throws IOException {
        launch(service, instance);
        awaitHealthy(config.startupTimeout());
    }

    /** Starts killed instances again, side by side; returns once every instance answers health UP. */
    void restart(Map<Service, Integer> instances) throws IOException {
        for (Map.Entry<Service, Integer> instance : instances.entrySet()) {
            launch(instance.getKey(), instance.getValue());
        }
        awaitHealthy(config.startupTimeout());
    }

    /**
     * kill -9 of one backend of the services' role: PostgreSQL treats it as a crash, terminates every other backend,
     * recovers from its WAL and accepts connections again, all by itself.
     *
     * @return the killed backend's pid
     */
    long killPostgresBackend() throws SQLException {
        long pid;
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("""
                     select pid from pg_stat_activity
                     where usename = ? and backend_type = 'client backend' and pid <> pg_backend_pid()
                     order by backend_start limit 1""")) {
            query.setString(1, DurablePostgres.USER);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no backend of the services to kill");
                }
                pid = rs.getLong(1);
            }
        }
        out.printf("%s kill -9 PostgreSQL backend %d%n", Instant.now(), pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }

    /** A fast shutdown of PostgreSQL (clients disconnected), {@code down} without it, then a start on the same data. */
    void restartPostgres(Duration down) throws Exception {
        out.printf("%s stopping PostgreSQL%n", Instant.now());
        postgres.close();
        Thread.sleep(down.toMillis());
        postgres = startPostgres();
        out.printf("%s PostgreSQL started again%n", Instant.now());
    }

    void cutKafka() {
        out.printf("%s Kafka cut off%n", Instant.now());
        kafkaProxy.cut();
    }

    void restoreKafka() {
        out.printf("%s Kafka reachable again%n", Instant.now());
        kafkaProxy.restore();
    }

    /** Where clients bootstrap: the proxy. */
    String kafkaBootstrapServers() {
        return "localhost:" + kafkaProxy.port();
    }

    String url(Service service) {
        return url(service, 0);
    }

    String url(Service service, int instance) {
        return "http://localhost:" + config.port(service, instance);
    }

    /** Every instance's URL, the first first, running or not (a client moves on from one that refuses). */
    List<String> urls(Service service) {
        return IntStream.range(0, config.instances()).mapToObj(instance -> url(service, instance)).toList();
    }

    int instances() {
        return config.instances();
    }

    /** A connection as the services' role, straight to PostgreSQL. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), DurablePostgres.USER, DurablePostgres.PASSWORD);
    }

    /** An API call to one instance ({@code baseUrl}, see {@link #url}) with a token of {@code role}; a body as JSON. */
    HttpResponse<String> send(String baseUrl, String method, String path, Role role, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(role));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token(Role role) {
        return DevelopmentTokens.mint(secret, "fault-test", List.of(role), null, Instant.now(), Duration.ofHours(2));
    }

    String deviceToken(String deviceId) {
        return DevelopmentTokens.mint(secret, deviceId, List.of(Role.DEVICE), deviceId, Instant.now(),
                Duration.ofHours(2));
    }

    Optional<Long> pid(Service service, int instance) {
        return Optional.ofNullable(services.get(service)[instance]).filter(ServiceProcess::isAlive)
                .map(ServiceProcess::pid);
    }

    @Override
    public void close() throws Exception {
        running().forEach(ServiceProcess::requestStop);
        running().forEach(service -> service.awaitStop(SERVICE_STOP_GRACE));
        try {
            if (kafka != null) {
                kafka.close();
            }
        } finally {
            if (kafkaProxy != null) {
                kafkaProxy.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
