package io.telemetra.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.TopicFromStart;
import io.telemetra.testsupport.RestartablePostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store's PostgreSQL really stopped and started again under the running service that every integration
 * test shares: the service must come back by itself, so the tests after this one run on the recovered service.
 */
class StoreOutageIT extends IntegrationTestBase {

    @Autowired
    private RestartablePostgres postgres;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** The tests after this one find the service answering again, whatever happened here. */
    @AfterEach
    void databaseBack() {
        postgres.restart();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                exchange(HttpMethod.GET, "/actuator/health/readiness", null, null).getStatusCode() == HttpStatus.OK);
    }

    @Test
    void whileTheDatabaseIsDownEveryWriteIs503WithRetryAfterAndTheSameRequestSucceedsOnceItIsBack() {
        String deviceId = newDeviceId();
        register(deviceId);
        String single = "/api/devices/" + deviceId + "/readings";
        assertThat(post(single, reading("temperature", 20.0, now.minusSeconds(1))).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        String request = "[%s, %s]".formatted(reading("temperature", 21.0, now), reading("humidity", 40, now));
        String gateway = """
                [{"deviceId": "%s", "metric": "pressure", "value": 1.5, "timestamp": "%s"}]""".formatted(deviceId, now);

        postgres.stop();

        assertStoreUnavailable(post(single, request));
        assertStoreUnavailable(post("/api/readings", gateway));
        assertStoreUnavailable(post("/api/devices", """
                {"deviceId": "%s", "type": "thermostat", "name": "Thermostat"}""".formatted(newDeviceId())));
        ResponseEntity<String> health = exchange(HttpMethod.GET, "/actuator/health/readiness", null, null);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(json(health.getBody()).path("status").asText()).isEqualTo("DOWN");

        postgres.restart();

        AtomicReference<ResponseEntity<String>> retried = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            retried.set(post(single, request));
            return retried.get().getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE;
        });
        assertThat(retried.get().getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(retried.get().getBody())).as("nothing of the refused attempts was stored")
                .isEqualTo(json("{\"accepted\": 2, \"duplicates\": 0}"));
        assertThat(json(post("/api/readings", gateway).getBody()).path("accepted").asInt()).isEqualTo(1);
        assertThat(events().payloads(deviceId, "ReadingRecordedEvent"))
                .extracting(payload -> payload.path("metric").asText())
                .containsExactly("temperature", "temperature", "humidity", "pressure");
        assertThat(publishedSequences(deviceId, 6)).as("registered, online, four readings: the publisher is back too")
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    /** The distinct sequence numbers of the device's events on the topic, once {@code count} of them arrived. */
    private SortedSet<Long> publishedSequences(String deviceId, int count) {
        SortedSet<Long> sequences = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_EVENTS)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())) {
                        sequences.add(json(new String(record.value(), StandardCharsets.UTF_8))
                                .path("sequenceNumber").asLong());
                    }
                }
                return sequences.size() >= count;
            });
        }
        return sequences;
    }

    private static void assertStoreUnavailable(ResponseEntity<String> response) {
        assertProblem(response, HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE", null);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        JsonNode problem = json(response.getBody());
        assertThat(problem.path("detail").asText()).contains("retry later");
    }
}
