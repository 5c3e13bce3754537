package io.telemetra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.security.Role;
import io.telemetra.testsupport.Preconditions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of every service, the packaged jars as processes on the local stack's durable PostgreSQL and KRaft
 * broker, share the work and take over from each other:
 * <ul>
 *     <li>each command-service instance claims half of the two-segment processors, each instance's consumers join
 *     their service's consumer group, and a client of either query-service instance sees every change live;</li>
 *     <li>readings stream in over REST through both command-service instances and over
 *     {@code telemetra.device-telemetry}, while two clients rename the same devices through one instance each and an
 *     alert's response command waits for its deadline; then one instance of each service is killed with SIGKILL. The
 *     survivors take over its segments and partitions, every reading the platform acknowledged is in the event store
 *     and the read models exactly once, every rename is recorded in an order consistent with both clients, and the
 *     response command and its deadline fired once;</li>
 *     <li>a re-publication and an archive started on one instance are answered for by the other; a rebuild from a
 *     horizon is answered for by the other instance with its horizon, and refused on the second
 *     instance while it runs on the first, and when the first is killed the second reports it FAILED and may start
 *     another.</li>
 * </ul>
 * {@code -Dtelemetra.faults.readings-per-phase=N} (the {@code fault-soak} profile) sends more readings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int INSTANCES = 2;
    /** The instance of each service that is killed: the second. */
    private static final int KILLED = 1;
    private static final Duration RECOVERY = Duration.ofMinutes(4);
    private static final int READINGS_PER_PHASE = Integer.getInteger("telemetra.faults.readings-per-phase", 400);
    /** A device's time to answer a command: long enough to kill an instance while its deadline is pending. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(25);
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
    private static final String PUBLISHER = "kafka-publisher";
    private static final String SAGAS = "response-sagas";
    private static final String EVENTS = "io.telemetra.api.";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ReadingLedger ledger = new ReadingLedger();
    private final DeviceClock clock = new DeviceClock();
    private final List<String> restDevices = devices("rest", 8);
    private final List<String> gatewayDevices = devices("gateway", 8);
    private final List<String> contendedDevices = devices("renamed", 3);
    private FaultStack stack;

    @BeforeAll
    void startTwoInstancesOfEachServiceAndRegisterTheDevices(@TempDir Path home) throws Exception {
        Path repository = Path.of(System.getProperty("telemetra.home", "..")).toAbsolutePath().normalize();
        int[] ports = FreePorts.take(3 + Service.values().length * INSTANCES);
        StackConfig.Builder builder = StackConfig.builder(home, repository)
                .postgresPort(ports[0]).kafkaPort(ports[1]).kafkaControllerPort(ports[2])
                .instances(INSTANCES)
                .startupTimeout(Duration.ofMinutes(6));
        for (Service service : Service.values()) {
            int first = 3 + service.ordinal() * INSTANCES;
            builder.instancePorts(service, List.of(ports[first], ports[first + 1]));
        }
        StackConfig config = builder.build();
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
        for (String deviceId : concat(concat(restDevices, gatewayDevices), contendedDevices)) {
            register(deviceId, deviceId);
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
    void each_instance_takes_its_share_of_the_work_and_a_client_of_either_query_instance_sees_every_change()
            throws Exception {
        await().atMost(RECOVERY).until(() -> owners(PUBLISHER).size() == INSTANCES
                && owners(SAGAS).size() == INSTANCES);
        try (Admin admin = admin()) {
            // Two consumer threads in each instance.
            await().atMost(RECOVERY).until(() -> members(admin, "telemetra-command-service") == 2 * INSTANCES
                    && members(admin, "projection-service") == 2 * INSTANCES);
        }

        ReadingLedger.Reading reading = clock.next(restDevices.get(0));
        try (LiveStream first = new LiveStream(stack.url(Service.QUERY, 0), reading.deviceId(),
                stack.token(Role.OPERATOR));
             LiveStream second = new LiveStream(stack.url(Service.QUERY, 1), reading.deviceId(),
                     stack.token(Role.OPERATOR))) {
            await().atMost(RECOVERY).until(() -> first.connected() && second.connected());
            ledger.sent(List.of(reading));
            HttpResponse<String> accepted = stack.send(stack.url(Service.COMMAND, 1), "POST",
                    "/api/devices/" + reading.deviceId() + "/readings", Role.OPERATOR, Map.of("readingId",
                            reading.readingId(), "metric", reading.metric(), "value", reading.value(), "unit", "C",
                            "timestamp", reading.timestamp().toString()));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            ledger.acknowledged(List.of(reading));
            await().atMost(RECOVERY).untilAsserted(() -> {
                assertThat(first.received(reading.readingId())).as("query-service #1").isTrue();
                assertThat(second.received(reading.readingId())).as("query-service #2").isTrue();
            });
        }

        // Each instance caches the device once it has written it: neither may take the other's name for its own.
        String flipped = contendedDevices.get(0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = i % 2 == 0 ? "even" : "odd";
            HttpResponse<String> renamed = stack.send(stack.url(Service.COMMAND, i % INSTANCES), "PATCH",
                    "/api/devices/" + flipped, Role.OPERATOR, Map.of("name", name));
            assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(204);
            names.add(name);
        }
        assertThat(storedNames(flipped)).as("every rename through alternating instances is recorded").isEqualTo(names);
    }

    @Test
    @Order(2)
    void one_instance_of_each_service_killed_under_load_through_both_loses_nothing_and_applies_nothing_twice()
            throws Exception {
        String responder = "responder-" + UUID.randomUUID();
        register(responder, "responder");
        HttpResponse<String> rules = stack.send(stack.url(Service.COMMAND, 0), "PUT", "/api/devices/" + responder + "/rules",
                Role.OPERATOR, Map.of("rules", List.of(Map.of("metric", "temperature", "max", 50, "severity",
                        "CRITICAL", "response", Map.of("type", "THROTTLE")))));
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(204);

        ContendedUpdates updates;
        Instant killedAt;
        try (MixedLoad load = load()) {
            updates = new ContendedUpdates(stack, contendedDevices, List.of("A", "B"));
            try {
                load.awaitAcknowledged(READINGS_PER_PHASE);
                HttpResponse<String> breach = stack.send(stack.url(Service.COMMAND, 1), "POST",
                        "/api/devices/" + responder + "/readings", Role.OPERATOR, Map.of("metric", "temperature",
                                "value", 80.0, "unit", "C", "timestamp", Instant.now().toString()));
                assertThat(breach.statusCode()).as(breach.body()).isEqualTo(202);
                String commandId = await().atMost(RECOVERY).until(() -> responseCommand(responder), id -> id != null);
                Instant due = await().atMost(RECOVERY).until(() -> deadlineOf(commandId), at -> at != null);

                stack.kill(Service.COMMAND, KILLED);
                stack.kill(Service.PROJECTION, KILLED);
                stack.kill(Service.QUERY, KILLED);
                killedAt = Instant.now();
                assertThat(due).as("the response command's deadline is pending when the instance dies")
                        .isAfter(killedAt);

                await().atMost(RECOVERY).until(() -> owners(PUBLISHER).size() == 1 && owners(SAGAS).size() == 1
                        && unclaimed(PUBLISHER) == 0 && unclaimed(SAGAS) == 0);
                System.out.printf("%s the surviving command-service holds every segment, %d s after the kill%n",
                        Instant.now(), Duration.between(killedAt, Instant.now()).toSeconds());
                try (Admin admin = admin()) {
                    await().atMost(RECOVERY).until(() -> members(admin, "projection-service") == 2
                            && members(admin, "telemetra-command-service") == 2);
                }
                System.out.printf("%s the survivors' consumers own every partition, %d s after the kill%n",
                        Instant.now(), Duration.between(killedAt, Instant.now()).toSeconds());
                load.awaitAcknowledged(READINGS_PER_PHASE);
            } finally {
                updates.close();
            }
        }
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
        System.out.printf("%s command-service #1: %.0f commands ran again after losing a race for a device, %.0f cached"
                        + " devices loaded again because the other instance had written them%n", Instant.now(),
                prometheus(stack.url(Service.COMMAND, 0), "telemetra_commands_conflicts_total"),
                prometheus(stack.url(Service.COMMAND, 0), "telemetra_devices_cache_refreshed_total"));

        assertThat(updates.unexpectedAnswers()).as("answers to renames").isEmpty();
        for (String device : contendedDevices.subList(1, contendedDevices.size())) {
            List<String> stored = storedNames(device);
            updates.acknowledged().forEach((client, byDevice) -> assertThat(inOrder(stored, client + "-"))
                    .as("%s's renames of %s as the event store holds them", client, device)
                    .isEqualTo(byDevice.get(device)));
            await().atMost(RECOVERY).untilAsserted(() -> assertThat(queryDevice(device).path("name").asText())
                    .as("the read model's name is the last one stored").isEqualTo(stored.get(stored.size() - 1)));
        }

        String alertId = await().atMost(RECOVERY).until(() -> escalatedAlert(responder), id -> id != null);
        await().atMost(RECOVERY).untilAsserted(() -> {
            assertThat(count(responder, "devicecommand.DeviceCommandIssuedEvent")).as("response commands").isEqualTo(1);
            assertThat(count(responder, "devicecommand.DeviceCommandTimedOutEvent")).as("deadlines fired").isEqualTo(1);
            assertThat(count(responder, "alert.AlertEscalatedEvent")).as("escalations").isEqualTo(1);
        });
        await().atMost(RECOVERY).untilAsserted(() -> assertThat(query(stack.url(Service.QUERY, 0),
                "/api/alerts?deviceId=" + responder).path("content")).singleElement().satisfies(alert -> {
                    assertThat(alert.path("alertId").asText()).isEqualTo(alertId);
                    assertThat(alert.path("state").asText()).isEqualTo("ESCALATED");
                }));
    }

    @Test
    @Order(3)
    void any_instance_answers_for_an_admin_job_and_one_whose_instance_died_is_reported_failed() throws Exception {
        // The instances killed before start again and take their share of the segments back.
        Map<Service, Integer> killed = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            if (stack.pid(service, KILLED).isEmpty()) {
                killed.put(service, KILLED);
            }
        }
        stack.restart(killed);
        await().atMost(RECOVERY).until(() -> owners(PUBLISHER).size() == INSTANCES);

        HttpResponse<String> republish = stack.send(stack.url(Service.COMMAND, 0), "POST", "/api/admin/republish",
                Role.ADMIN, Map.of());
        assertThat(republish.statusCode()).as(republish.body()).isEqualTo(202);
        String jobId = json.readTree(republish.body()).path("jobId").asText();
        await().atMost(RECOVERY).until(() -> job(stack.url(Service.COMMAND, 1), "/api/admin/republish/" + jobId)
                .path("state").asText().equals("COMPLETED"));

        HttpResponse<String> archive = stack.send(stack.url(Service.COMMAND, KILLED), "POST", "/api/admin/archive",
                Role.ADMIN, null);
        assertThat(archive.statusCode()).as(archive.body()).isEqualTo(202);
        String archiveId = json.readTree(archive.body()).path("jobId").asText();
        JsonNode archived = await().atMost(RECOVERY).until(() -> job(stack.url(Service.COMMAND, 0),
                "/api/admin/archive/" + archiveId), answer -> answer.path("state").asText().equals("COMPLETED"));
        assertThat(archived.path("horizon").asText()).as("the horizon, recorded by the other instance").isNotEmpty();
        assertThat(archived.path("moved").isArray()).isTrue();

        Instant readingsFrom = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        HttpResponse<String> rebuild = stack.send(stack.url(Service.PROJECTION, KILLED), "POST", "/api/admin/rebuild",
                Role.ADMIN, Map.of("readingsFrom", readingsFrom.toString()));
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        String rebuildId = json.readTree(rebuild.body()).path("rebuildId").asText();
        HttpResponse<String> second = stack.send(stack.url(Service.PROJECTION, 0), "POST", "/api/admin/rebuild",
                Role.ADMIN, null);
        assertThat(second.statusCode()).as("a second rebuild on the other instance: " + second.body()).isEqualTo(409);
        assertThat(json.readTree(second.body()).path("code").asText()).isEqualTo("JOB_ALREADY_RUNNING");
        JsonNode running = job(stack.url(Service.PROJECTION, 0), "/api/admin/rebuild/" + rebuildId);
        assertThat(running.path("state").asText()).isEqualTo("RUNNING");
        assertThat(running.path("readingsFrom").asText()).isEqualTo(readingsFrom.toString());

        stack.kill(Service.PROJECTION, KILLED);
        JsonNode failed = await().atMost(RECOVERY).until(() -> job(stack.url(Service.PROJECTION, 0),
                "/api/admin/rebuild/" + rebuildId), answer -> !answer.path("state").asText().equals("RUNNING"));
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("error").asText()).contains("stopped");

        HttpResponse<String> again = stack.send(stack.url(Service.PROJECTION, 0), "POST", "/api/admin/rebuild",
                Role.ADMIN, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        String againId = json.readTree(again.body()).path("rebuildId").asText();
        await().atMost(RECOVERY).until(() -> !job(stack.url(Service.PROJECTION, 0), "/api/admin/rebuild/" + againId)
                .path("state").asText().equals("RUNNING"));
        assertThat(job(stack.url(Service.PROJECTION, 0), "/api/admin/rebuild/" + againId).path("state").asText())
                .isEqualTo("COMPLETED");
        StoredReadings.assertEveryAcknowledgedReadingIsStoredAndProjectedOnce(stack, ledger, RECOVERY);
    }



    /** The owners of a processor's claimed segments. */
    private Set<String> owners(String processor) throws SQLException {
        return new HashSet<>(strings("select owner from eventstore.token_entry where processor_name = ?"
                + " and owner is not null", processor));
    }

    private long unclaimed(String processor) throws SQLException {
        return strings("select segment::text from eventstore.token_entry where processor_name = ? and owner is null",
                processor).size();
    }

    private static int members(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group);
        Collection<MemberDescription> members = description.members();
        long assigned = members.stream().mapToLong(member -> member.assignment().topicPartitions().stream()
                .filter(partition -> partition.topic().equals(Topics.DEVICE_EVENTS)
                        || partition.topic().equals(Topics.DEVICE_TELEMETRY)).count()).sum();
        return assigned == 0 ? 0 : members.size();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
    }

    /** The names of the device's renames, in the event store's order. */
    private List<String> storedNames(String deviceId) throws SQLException {
        return strings("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'name' from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type = 'io.telemetra.api.device.DeviceUpdatedEvent'
                order by sequence_number""", deviceId);
    }

    /**
     * One client's names among the stored ones, each kept once where it follows itself (an update applied whose answer
     * was lost, sent again, and applied again on a device another client had renamed meanwhile counts once).
     */
    private static List<String> inOrder(List<String> stored, String prefix) {
        List<String> names = new ArrayList<>();
        for (String name : stored) {
            if (name.startsWith(prefix) && (names.isEmpty() || !names.get(names.size() - 1).equals(name))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The command the alert's response saga issued to the device, once stored. */
    private String responseCommand(String deviceId) throws SQLException {
        List<String> ids = strings("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'commandId' from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type = ?
                and convert_from(payload, 'UTF8')::jsonb ->> 'alertId' is not null""", deviceId,
                EVENTS + "devicecommand.DeviceCommandIssuedEvent");
        return ids.isEmpty() ? null : ids.get(0);
    }

    private String escalatedAlert(String deviceId) throws SQLException {
        List<String> ids = strings("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'alertId' from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type = ?""", deviceId, EVENTS + "alert.AlertEscalatedEvent");
        return ids.isEmpty() ? null : ids.get(0);
    }

    private long count(String deviceId, String type) throws SQLException {
        return strings("select event_identifier from eventstore.domain_event_entry where aggregate_identifier = ?"
                + " and payload_type = ?", deviceId, EVENTS + type).size();
    }

    /** When the ack deadline of the command is due, while it is stored; null once it fired (or before it exists). */
    private Instant deadlineOf(String commandId) throws SQLException {
        try (Connection connection = stack.connect(); PreparedStatement query = connection.prepareStatement("""
                select execution_time from eventstore.scheduled_tasks
                where task_name = 'AxonDeadline' and position(convert_to(?, 'UTF8') in task_data) > 0""")) {
            query.setString(1, commandId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        try (Connection connection = stack.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private void register(String deviceId, String name) throws Exception {
        HttpResponse<String> registered = stack.send(stack.url(Service.COMMAND, 0), "POST", "/api/devices", Role.OPERATOR,
                Map.of("deviceId", deviceId, "type", "thermostat", "name", name));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    private JsonNode queryDevice(String deviceId) throws Exception {
        return query(stack.url(Service.QUERY, 0), "/api/devices/" + deviceId);
    }

    private JsonNode query(String service, String path) throws Exception {
        HttpResponse<String> response = stack.send(service, "GET", path, Role.OPERATOR, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** A job's progress as an instance answers it; its 404 fails the test. */
    private JsonNode job(String service, String path) throws Exception {
        HttpResponse<String> response = stack.send(service, "GET", path, Role.ADMIN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The sum of every series of a counter on an instance's Prometheus endpoint (open without a token). */
    private double prometheus(String service, String counter) throws Exception {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith(counter + "{") || line.startsWith(counter + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
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
