package io.telemetra.stack;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Brings docker-compose.yml up as a user with Docker would and runs one reading through it. There is no Docker engine
 * on the development and CI machines, so there it is skipped; wherever Docker runs, it keeps the compose file honest.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeIT {

    private static final Duration STARTUP = Duration.ofMinutes(15);
    private static final String SECRET = "compose-test-secret-" + UUID.randomUUID();

    @Container
    static final ComposeContainer COMPOSE = new ComposeContainer(
            new File(System.getProperty("telemetra.home", ".."), "docker-compose.yml"))
            .withLocalCompose(true)
            .withBuild(true)
            .withEnv("TELEMETRA_DB_PASSWORD", "compose-test-" + UUID.randomUUID())
            .withEnv("TELEMETRA_JWT_SECRET", SECRET)
            .withEnv("TELEMETRA_MQTT_PASSWORD", "compose-test-" + UUID.randomUUID())
            .withExposedService("command-service", 8081, Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP))
            .withExposedService("projection-service", 8083, Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP))
            .withExposedService("query-service", 8082, Wait.forHttp("/actuator/health/readiness").withStartupTimeout(STARTUP));

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aReadingPostedToTheComposedPlatformAppearsInTheQueryApi() throws Exception {
        String command = url("command-service", 8081);
        String query = url("query-service", 8082);
        String deviceId = "compose-" + UUID.randomUUID();

        String operator = DevelopmentTokens.mint(SECRET, "compose-it", List.of(Role.OPERATOR), null, Instant.now(),
                Duration.ofHours(1));

        assertThat(post(command + "/api/devices", operator,
                "{\"deviceId\":\"" + deviceId + "\",\"type\":\"thermostat\",\"name\":\"compose\"}").statusCode())
                .isEqualTo(201);
        assertThat(post(command + "/api/devices/" + deviceId + "/readings", operator,
                "{\"metric\":\"temperature\",\"value\":21.5,\"unit\":\"C\",\"timestamp\":\"" + Instant.now() + "\"}")
                .statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> device = http.send(HttpRequest.newBuilder(URI.create(query + "/api/devices/" + deviceId))
                    .header("Authorization", "Bearer " + operator)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(device.statusCode()).isEqualTo(200);
            assertThat(device.body()).contains("21.5");
        });
    }

    private HttpResponse<String> post(String url, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(String service, int port) {
        return "http://" + COMPOSE.getServiceHost(service, port) + ":" + COMPOSE.getServicePort(service, port);
    }
}
