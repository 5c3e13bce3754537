package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.StoredEvents;
import io.telemetra.testsupport.PackagedService;
import io.telemetra.testsupport.RestartablePostgres;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deadline survives a crash of command-service: the packaged service, run as a process, stores a command's ack
 * deadline and is killed with SIGKILL before it is due; the deadline falls due while no instance runs, and the next
 * instance started on the same database fires it, once, and the Device times the command out. The two instances use a
 * database of their own on the shared test server (so that the shared context's scheduler cannot fire the deadline
 * in their place) and the shared broker, with the telemetry consumer off so as not to join its group.
 */
class DeadlineAcrossRestartIT extends IntegrationTestBase {

    /** Long enough for the deadline to be stored before the kill, even on a slow machine. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STARTUP = Duration.ofMinutes(3);

    @Autowired
    private RestartablePostgres postgres;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    private final RestTemplate rest = new RestTemplate();

    @Test
    void anAckDeadlineThatFallsDueWhileTheServiceIsKilledFiresOnceAfterItIsBack() throws Exception {
        String database = "restart_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("create database " + database);
        String url = postgres.getJdbcUrl("postgres", database);
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource(url + "&currentSchema=eventstore", "postgres", ""));
        String deviceId = newDeviceId();

        String commandId;
        Instant due;
        try (PackagedService first = start(url)) {
            assertThat(send(first, "/api/devices", """
                    {"deviceId": "%s", "type": "thermostat", "name": "Thermostat"}""".formatted(deviceId))
                    .getStatusCode().value()).isEqualTo(201);
            commandId = json(send(first, "/api/devices/" + deviceId + "/commands", "{\"type\": \"REBOOT\"}")
                    .getBody()).path("commandId").asText();
            due = await().atMost(STARTUP).until(() -> deadline(db, commandId), found -> !found.isEmpty()).get(0)
                    .toInstant();

            first.kill();
            assertThat(due).as("still pending when the service died").isAfter(Instant.now());
        }
        await().atMost(ACK_TIMEOUT.multipliedBy(3)).until(() -> Instant.now().isAfter(due.plusSeconds(1)));
        assertThat(deadline(db, commandId)).as("due, stored, and nothing to fire it").hasSize(1);

        try (PackagedService second = start(url)) {
            await().atMost(STARTUP).until(() -> deadline(db, commandId).isEmpty());
            List<JsonNode> timedOut = new StoredEvents(db).payloads(deviceId, "DeviceCommandTimedOutEvent");
            assertThat(timedOut).as("fired once").singleElement().satisfies(event -> {
                assertThat(event.path("commandId").asText()).isEqualTo(commandId);
                assertThat(event.path("attempts").asInt()).isEqualTo(1);
            });
        }
    }

    /** The execution time of the command's stored ack deadline, if it is still stored. */
    private static List<Timestamp> deadline(JdbcTemplate db, String commandId) {
        return db.queryForList("""
                select execution_time from eventstore.scheduled_tasks
                where task_name = 'AxonDeadline' and position(convert_to(?, 'UTF8') in task_data) > 0""",
                Timestamp.class, commandId);
    }

    /** One instance of the packaged service on the given database: one delivery per command, then it times out. */
    private PackagedService start(String url) {
        return PackagedService.start("command-service", Map.of(
                        "TELEMETRA_DB_URL", url,
                        "TELEMETRA_DB_USER", "postgres",
                        "TELEMETRA_DB_PASSWORD", "",
                        "TELEMETRA_KAFKA_BOOTSTRAP", bootstrapServers,
                        "TELEMETRA_JWT_SECRET", TestTokens.SECRET,
                        "TELEMETRA_TELEMETRY_CONSUMER_ENABLED", "false"),
                List.of("-Dtelemetra.responses.ack-timeout=" + ACK_TIMEOUT.toSeconds() + "s",
                        "-Dtelemetra.responses.max-attempts=1"))
                .awaitHealthy(STARTUP);
    }

    private ResponseEntity<String> send(PackagedService service, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(TestTokens.operator());
        return rest.exchange(service.url().resolve(path), HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }
}
