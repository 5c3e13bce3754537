package io.telemetra.command.republish;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RepublishIT extends IntegrationTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private DataSource dataSource;

    /**
     * Consumers apply events idempotently by device and sequence number; what makes re-publication harmless is that
     * each record goes out again exactly as the publisher sent it, in the device's order.
     */
    @Test
    void everyEventStoredSinceTheInstantIsSentAgainAsTheSameRecordInStreamOrder() {
        Instant from = Instant.now().minusMillis(1);
        List<String> devices = List.of(newDeviceId(), newDeviceId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (String deviceId : devices) {
            register(deviceId);
            post("/api/devices/" + deviceId + "/readings", "[%s, %s, %s]".formatted(
                    reading("temperature", 20.0, now.minusSeconds(3)), reading("temperature", 20.5, now.minusSeconds(2)),
                    reading("humidity", 40.0, now.minusSeconds(1))));
        }
        Map<String, List<String>> published = recordsOf(devices, 5);

        JsonNode started = json(republish("{\"from\": \"" + from + "\"}", TestTokens.admin()).getBody());
        List<JsonNode> progress = awaitFinished(started.path("jobId").asText());

        JsonNode done = progress.get(progress.size() - 1);
        assertThat(done.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(Instant.parse(done.path("from").asText())).isEqualTo(from);
        assertThat(done.path("total").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(done.path("processed").asLong()).isEqualTo(done.path("total").asLong());
        assertThat(done.path("etaSeconds").asLong()).isZero();
        assertThat(done.path("finishedAt").asText()).isNotBlank();
        assertThat(progress).extracting(snapshot -> snapshot.path("processed").asLong()).isSorted();
        Map<String, List<String>> afterwards = recordsOf(devices, 10);
        for (String deviceId : devices) {
            List<String> original = published.get(deviceId);
            assertThat(afterwards.get(deviceId)).as("records of %s", deviceId)
                    .containsExactlyElementsOf(concat(original, original));
        }
    }

    @Test
    void aSecondRequestWhileOneRunsIsRefused() throws SQLException {
        String jobId;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // Holds the job at its first read of the event store, so it is surely still running below.
            statement.execute("lock table domain_event_entry in access exclusive mode");
            ResponseEntity<String> first = republish(null, TestTokens.admin());
            assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            jobId = json(first.getBody()).path("jobId").asText();
            assertThat(first.getHeaders().getLocation()).hasToString("/api/admin/republish/" + jobId);

            assertProblem(republish("{}", TestTokens.admin()), HttpStatus.CONFLICT, "JOB_ALREADY_RUNNING", null);
            assertThat(json(progress(jobId).getBody()).path("state").asText()).isEqualTo("RUNNING");
            connection.rollback();
        }
        List<JsonNode> progress = awaitFinished(jobId);
        assertThat(progress.get(progress.size() - 1).path("state").asText()).isEqualTo("COMPLETED");
        ResponseEntity<String> next = republish("{}", TestTokens.admin());
        assertThat(next.getStatusCode()).as("once it finished").isEqualTo(HttpStatus.ACCEPTED);
        // Not left running into the tests after this one.
        List<JsonNode> nextProgress = awaitFinished(json(next.getBody()).path("jobId").asText());
        assertThat(nextProgress.get(nextProgress.size() - 1).path("state").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void unknownJobsMalformedBodiesAndOtherRolesAreRefused() {
        assertProblem(progress("no-such-job"), HttpStatus.NOT_FOUND, "NOT_FOUND", null);
        assertProblem(republish("{\"from\": \"yesterday\"}", TestTokens.admin()), HttpStatus.BAD_REQUEST,
                "MALFORMED_REQUEST", "from");
        assertThat(republish("{}", TestTokens.auditor()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange(HttpMethod.GET, "/api/admin/republish/no-such-job", null, TestTokens.operator())
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> republish(String body, String token) {
        return exchange(HttpMethod.POST, "/api/admin/republish", body, token);
    }

    private ResponseEntity<String> progress(String jobId) {
        return exchange(HttpMethod.GET, "/api/admin/republish/" + jobId, null, TestTokens.admin());
    }

    /** Polls the job until it is no longer running and returns every answer seen. */
    private List<JsonNode> awaitFinished(String jobId) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            ResponseEntity<String> response = progress(jobId);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            JsonNode progress = json(response.getBody());
            seen.add(progress);
            return !progress.path("state").asText().equals("RUNNING");
        });
        return seen;
    }

    /** Reads the topic from its start until each device has {@code count} records; returns their values in order. */
    private Map<String, List<String>> recordsOf(List<String> devices, int count) {
        Map<String, List<String>> records = new HashMap<>();
        Set<String> wanted = Set.copyOf(devices);
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_EVENTS)) {
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(record.key())) {
                        records.computeIfAbsent(record.key(), key -> new ArrayList<>())
                                .add(new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
                return devices.stream().allMatch(device -> records.getOrDefault(device, List.of()).size() >= count);
            });
        }
        return records;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
