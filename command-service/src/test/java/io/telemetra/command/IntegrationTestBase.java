package io.telemetra.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.command.escalation.WebhookReceiver;
import io.telemetra.command.eventstore.EventStoreReads;
import io.telemetra.command.mqtt.EmbeddedMqtt;
import io.telemetra.testsupport.EmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service over real PostgreSQL and Kafka. Every integration test extends this class unchanged, so they all
 * share one cached Spring context and one pair of embedded servers; each test uses its own device ids. Metrics are
 * exported as in production, so that the Prometheus endpoint can be tested. Requests carry an operator's token unless
 * a test names another one. {@link EventStoreReads} watches what the event store reads; escalations are POSTed to the
 * {@link WebhookReceiver}; the MQTT bridge runs against an {@link EmbeddedMqtt} broker. A device has
 * {@value #ACK_TIMEOUT} to answer each delivery of a command (3 deliveries by default), and as long to finish one it
 * accepted, so that a command nobody answers or finishes times out, and its alert is escalated, within a test. A
 * request waits 2 s for a database connection, so that those made while a test stops the database are answered
 * quickly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestTokens.SECRET_PROPERTY, "telemetra.responses.ack-timeout=" + IntegrationTestBase.ACK_TIMEOUT,
                "telemetra.responses.completion-timeout=" + IntegrationTestBase.ACK_TIMEOUT,
                "spring.datasource.hikari.connection-timeout=2000", "telemetra.mqtt.enabled=true",
                "logging.level.io.moquette=warn"})
@AutoConfigureObservability(tracing = false)
@EmbeddedInfrastructure
@Import({EventStoreReads.class, WebhookReceiver.class, EmbeddedMqtt.class})
public abstract class IntegrationTestBase {

    protected static final String ACK_TIMEOUT = "3s";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected TestRestTemplate http;

    @Autowired
    protected JdbcTemplate jdbc;

    /** What the event store holds for a device, in this context's database. */
    protected StoredEvents events() {
        return new StoredEvents(jdbc);
    }

    protected static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }

    protected ResponseEntity<String> post(String path, String json) {
        return post(path, json, TestTokens.operator());
    }

    protected ResponseEntity<String> post(String path, String json, String token) {
        return exchange(HttpMethod.POST, path, json, token);
    }

    /** @param json the body, or null for none; @param token a bearer token, or null to send none */
    protected ResponseEntity<String> exchange(HttpMethod method, String path, String json, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (json != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), String.class);
    }

    protected void register(String deviceId) {
        ResponseEntity<String> response = post("/api/devices", """
                {"deviceId": "%s", "type": "thermostat", "name": "Thermostat"}""".formatted(deviceId));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    protected static String reading(String metric, double value, Instant timestamp) {
        return """
                {"metric": "%s", "value": %s, "unit": "Cel", "timestamp": "%s"}""".formatted(metric, value, timestamp);
    }

    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts an RFC 9457 problem detail with the given status, stable code and, when not null, offending field. */
    protected static void assertProblem(ResponseEntity<String> response, HttpStatus status, String code, String field) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
    }
}
