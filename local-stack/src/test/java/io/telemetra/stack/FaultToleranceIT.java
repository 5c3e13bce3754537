package io.telemetra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.security.Role;
import io.telemetra.testsupport.Preconditions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform keeps what it acknowledged through the failures the README names, proven on the packaged services
 * running as processes on the local stack's durable PostgreSQL and KRaft broker: readings stream in over REST and over
 * {@code telemetra.device-telemetry} while, one test after the other, command-service and projection-service are
 * killed with SIGKILL and started again, a PostgreSQL backend is killed with kill -9, PostgreSQL is stopped and
 * started, and the broker is cut off for a while. After each, every reading the platform acknowledged (HTTP 202, a
 * producer acknowledgement) is in the event store exactly once and in the raw series and the 1-minute and 1-hour
 * windows exactly once, and every service is healthy again without anyone restarting it. A device command's deadline
 * that falls due while command-service is dead fires once after it is back.
 * <p>
 * The stack runs on through the class, and the ledger of acknowledged readings grows: each test checks everything so
 * far. {@code -Dtelemetra.faults.readings-per-phase=N} sends more readings around each failure (the
 * {@code fault-soak} Maven profile: see the README).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    /** How long the platform may take to recover and catch up after a failure; the test waits on progress only. */
    private static final Duration RECOVERY = Duration.ofMinutes(4);
    /** Readings acknowledged before a failure, and again after it. */
    private static final int READINGS_PER_PHASE = Integer.getInteger("telemetra.faults.readings-per-phase", 400);
    /** A device's time to answer a command; long enough for the saga to store the deadline before the kill. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    /** The services start (and start again) in far less CPU with the client compiler only; the load here is light. */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
    private static final String COMMAND_TIMED_OUT = "io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ReadingLedger ledger = new ReadingLedger();
    private final DeviceClock clock = new DeviceClock();
    private final List<String> restDevices = devices("rest", 8);
    private final List<String> gatewayDevices = devices("gateway", 8);
    private FaultStack stack;

    @BeforeAll
    void startTheStackAndRegisterTheDevices(@TempDir Path home) throws Exception {
        Path repository = Path.of(System.getProperty("telemetra.home", "..")).toAbsolutePath().normalize();
        int[] ports = FreePorts.take(6);
        StackConfig config = StackConfig.builder(home, repository)
                .postgresPort(ports[0]).kafkaPort(ports[1]).kafkaControllerPort(ports[2])
                .servicePort(Service.COMMAND, ports[3]).servicePort(Service.QUERY, ports[4])
                .servicePort(Service.PROJECTION, ports[5])
                .startupTimeout(Duration.ofMinutes(5))
                .build();
        for (Service service : Service.values()) {
            Preconditions.require(Files.isRegularFile(config.jar(service)), "no " + service.serviceName()
                    + " jar at " + config.jar(service) + ": package the services first (./mvnw verify does)");
        }
        Files.createDirectories(config.logs());
        stack = new FaultStack(config, Map.of(
                Service.COMMAND, List.of(QUICK_START, "-Dtelemetra.responses.ack-timeout=" + ACK_TIMEOUT.toSeconds()
                        + "s", "-Dtelemetra.responses.max-attempts=1"),
                Service.QUERY, List.of(QUICK_START),
                Service.PROJECTION, List.of(QUICK_START)), System.out);
        stack.start();
        for (String deviceId : concat(restDevices, gatewayDevices)) {
            HttpResponse<String> registered = stack.send(stack.url(Service.COMMAND), "POST", "/api/devices", Role.OPERATOR,
                    Map.of("deviceId", deviceId, "type", "thermostat", "name", deviceId));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        }
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void command_service_killed_while_readings_arrive_loses_nothing_and_a_deadline_due_meanwhile_fires_once()
            throws Exception {
        String deviceId = "deadline-" + UUID.randomUUID();
        assertThat(stack.send(stack.url(Service.COMMAND), "POST", "/api/devices", Role.OPERATOR,
                Map.of("deviceId", deviceId, "type", "thermostat", "name", "deadline")).statusCode()).isEqualTo(201);

        Instant restartedAt;
        String commandId;
        try (MixedLoad load = load()) {
            load.awaitAcknowledged(READINGS_PER_PHASE);
            HttpResponse<String> issued = stack.send(stack.url(Service.COMMAND), "POST", "/api/devices/" + deviceId + "/commands",
                    Role.OPERATOR, Map.of("type", "REBOOT"));
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
            commandId = json.readTree(issued.body()).path("commandId").asText();
            Instant due = await().atMost(RECOVERY).until(() -> deadlineOf(commandId), at -> at != null);

            stack.kill(Service.COMMAND);
            Instant killedAt = Instant.now();
            assertThat(due).as("the deadline is still pending when command-service dies").isAfter(killedAt);
            // Let it fall due while the service is dead, then bring it back.
            await().atMost(ACK_TIMEOUT.multipliedBy(2)).until(() -> Instant.now().isAfter(due.plusSeconds(1)));
            stack.restart(Service.COMMAND);
            restartedAt = Instant.now();
            load.awaitAcknowledged(READINGS_PER_PHASE);
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);

        await().atMost(RECOVERY).until(() -> deadlineOf(commandId) == null); // fired and completed
        List<Instant> timedOut = timedOut(deviceId);
        assertThat(timedOut).as("the deadline fired once, after command-service came back").singleElement()
                .satisfies(at -> assertThat(at).isBefore(restartedAt.plusSeconds(60)));
        await().atMost(RECOVERY).untilAsserted(() -> {
            JsonNode commands = get(Service.QUERY, "/api/devices/" + deviceId + "/commands").path("content");
            assertThat(commands).singleElement().satisfies(command -> {
                assertThat(command.path("commandId").asText()).isEqualTo(commandId);
                assertThat(command.path("status").asText()).isEqualTo("TIMED_OUT");
            });
        });
        assertThat(timedOut(deviceId)).as("still once").hasSize(1);
    }

    @Test
    @Order(2)
    void projection_service_killed_continues_from_its_committed_offsets_and_projects_everything_once()
            throws Exception {
        try (MixedLoad load = load(); Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            load.awaitAcknowledged(READINGS_PER_PHASE);
            stack.kill(Service.PROJECTION);
            long committedWhenKilled = committedOffsets(admin);
            assertThat(committedWhenKilled).as("offsets the projection committed before it died").isPositive();
            load.awaitAcknowledged(READINGS_PER_PHASE / 2);
            await().atMost(RECOVERY).until(() -> lag(admin) > 0);

            stack.restart(Service.PROJECTION);
            load.awaitAcknowledged(READINGS_PER_PHASE / 2);
            await().atMost(RECOVERY).until(() -> committedOffsets(admin) > committedWhenKilled);
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
    }

    @Test
    @Order(3)
    void a_postgres_backend_killed_with_kill_9_crashes_every_connection_and_loses_nothing() throws Exception {
        try (MixedLoad load = load(); Connection watcher = stack.connect()) {
            load.awaitAcknowledged(READINGS_PER_PHASE);
            long pid = stack.killPostgresBackend();
            // The server resets every connection after a backend crashed: this one too.
            await().atMost(RECOVERY).until(() -> !watcher.isValid(1));
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            load.awaitAcknowledged(READINGS_PER_PHASE);
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
    }

    @Test
    @Order(4)
    void postgres_stopped_and_started_again_loses_nothing() throws Exception {
        try (MixedLoad load = load()) {
            load.awaitAcknowledged(READINGS_PER_PHASE);
            stack.restartPostgres(Duration.ofSeconds(10));
            load.awaitAcknowledged(READINGS_PER_PHASE);
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
    }

    @Test
    @Order(5)
    void kafka_unreachable_for_a_while_readings_are_still_accepted_and_published_after() throws Exception {
        try (MixedLoad load = load()) {
            load.awaitAcknowledged(READINGS_PER_PHASE);
            double failedSends = prometheus(Service.COMMAND, "kafka_producer_record_error_total");
            stack.cutKafka();
            try {
                // Stored while no event can be published: REST ingestion does not need the broker.
                load.awaitAcknowledgedOf(restDevices, READINGS_PER_PHASE / 2);
                // Cut off until the publisher's sends failed for real (its producer gave up on them).
                await().atMost(RECOVERY).until(() -> prometheus(Service.COMMAND,
                        "kafka_producer_record_error_total") > failedSends);
            } finally {
                stack.restoreKafka();
            }
            load.awaitAcknowledged(READINGS_PER_PHASE);
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
    }



    /** When the ack deadline of the command is due, while it is stored; null once it fired (or before it exists). */
    private Instant deadlineOf(String commandId) throws Exception {
        try (Connection connection = stack.connect(); PreparedStatement query = connection.prepareStatement("""
                select execution_time from eventstore.scheduled_tasks
                where task_name = 'AxonDeadline' and position(convert_to(?, 'UTF8') in task_data) > 0""")) {
            query.setString(1, commandId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** When each DeviceCommandTimedOut of the device was stored. */
    private List<Instant> timedOut(String deviceId) throws Exception {
        List<Instant> stored = new ArrayList<>();
        try (Connection connection = stack.connect(); PreparedStatement query = connection.prepareStatement("""
                select time_stamp from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type = ?""")) {
            query.setString(1, deviceId);
            query.setString(2, COMMAND_TIMED_OUT);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.add(Instant.parse(rs.getString(1)));
                }
            }
        }
        return stored;
    }

    /** The projection's committed offsets on telemetra.device-events, summed over partitions. */
    private static long committedOffsets(Admin admin) throws Exception {
        return committed(admin).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets("projection-service").partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(Topics.DEVICE_EVENTS) && entry.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Records of telemetra.device-events the projection has not committed yet. */
    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            lag += end.getValue().offset() - committed.get(end.getKey()).offset();
        }
        return lag;
    }

    /** The sum of every series of a counter on the service's Prometheus endpoint (open without a token). */
    private double prometheus(Service service, String counter) throws Exception {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(stack.url(service)
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith(counter + "{") || line.startsWith(counter + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private JsonNode get(Service service, String path) throws Exception {
        HttpResponse<String> response = stack.send(stack.url(service), "GET", path, Role.OPERATOR, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }



    private static List<String> devices(String path, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, count).mapToObj(i -> path + "-" + run + "-" + i).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private MixedLoad load() {
        return new MixedLoad(stack, ledger, restDevices, gatewayDevices, clock, RECOVERY);
    }
}
