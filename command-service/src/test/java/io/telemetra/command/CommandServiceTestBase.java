package io.telemetra.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
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
 * What the integration tests of command-service do over HTTP and read from the event store, whichever context they run
 * in: {@link IntegrationTestBase} (the shared one) or {@link FaultInjectionTestBase}. Requests carry an operator's
 * token unless a test names another one; each test uses its own device ids.
 */
public abstract class CommandServiceTestBase {

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
