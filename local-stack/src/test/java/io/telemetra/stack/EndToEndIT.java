package io.telemetra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.telemetra.stack.Service.COMMAND;
import static io.telemetra.stack.Service.QUERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged services, as {@code ./telemetra up} runs them, on free ports in a fresh home: a device and its readings
 * go in through command-service and come out of query-service, then the whole stack stops and starts again on the
 * same home and everything is still there.
 */
class EndToEndIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_device_and_its_readings_reach_the_query_api_and_survive_a_restart_of_the_whole_stack() throws Exception {
        Path repository = Path.of(System.getProperty("telemetra.home", "..")).toAbsolutePath().normalize();
        int[] ports = FreePorts.take(6);
        StackConfig config = StackConfig.builder(home, repository)
                .postgresPort(ports[0]).kafkaPort(ports[1]).kafkaControllerPort(ports[2])
                .servicePort(COMMAND, ports[3]).servicePort(QUERY, ports[4]).servicePort(Service.PROJECTION, ports[5])
                .startupTimeout(Duration.ofMinutes(4))
                .build();
        for (Service service : Service.values()) {
            assumeTrue(Files.isRegularFile(config.jar(service)), "no " + service.serviceName() + " jar at "
                    + config.jar(service) + ": package the services first (./mvnw verify does before this test)");
        }
        String deviceId = "e2e-" + UUID.randomUUID();
        Instant firstReadingAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Map<String, Long> firstRun;
        String secret;
        try (LocalStack stack = new LocalStack(config, System.out)) {
            stack.start();
            firstRun = stack.processes();
            secret = stack.jwtSecret();
            assertThat(config.pidFile()).exists();

            assertThat(post(stack, COMMAND, "/api/devices", Map.of("deviceId", deviceId, "type", "thermostat",
                    "name", "end to end", "site", "lab")).statusCode()).isEqualTo(201);
            HttpResponse<String> accepted = post(stack, COMMAND, "/api/devices/" + deviceId + "/readings",
                    reading(21.5, firstReadingAt));
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(json.readTree(accepted.body()).path("accepted").asInt()).isEqualTo(1);

            awaitDevice(stack, deviceId, device -> {
                assertThat(device.path("status").asText()).isEqualTo("ONLINE");
                assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(21.5);
                assertThat(device.at("/latest/temperature/unit").asText()).isEqualTo("C");
            });
        }

        assertThat(config.pidFile()).as("removed on stop").doesNotExist();
        firstRun.forEach((name, pid) -> {
            if (pid != ProcessHandle.current().pid()) { // the broker ran inside this JVM
                assertThat(ProcessHandle.of(pid).filter(Processes::isRunning)).as(name + " stopped").isEmpty();
            }
        });

        try (LocalStack stack = new LocalStack(config, System.out)) {
            stack.start();
            assertThat(stack.jwtSecret()).as("tokens minted before the restart stay valid").isEqualTo(secret);

            awaitDevice(stack, deviceId, device -> {
                assertThat(device.path("name").asText()).isEqualTo("end to end");
                assertThat(device.path("site").asText()).isEqualTo("lab");
                assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(21.5);
            });
            assertThat(post(stack, COMMAND, "/api/devices/" + deviceId + "/readings",
                    reading(23.0, firstReadingAt.plusSeconds(10))).statusCode()).isEqualTo(202);
            awaitDevice(stack, deviceId, device -> {
                assertThat(device.path("status").asText()).isEqualTo("ONLINE");
                assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(23.0);
            });
        }
    }

    private static Map<String, Object> reading(double value, Instant timestamp) {
        return Map.of("metric", "temperature", "value", value, "unit", "C", "timestamp", timestamp.toString());
    }

    private interface DeviceCheck {
        void verify(JsonNode device) throws Exception;
    }

    private void awaitDevice(LocalStack stack, String deviceId, DeviceCheck check) {
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(request(stack, QUERY, "/api/devices/" + deviceId).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            check.verify(json.readTree(response.body()));
        });
    }

    private HttpResponse<String> post(LocalStack stack, Service service, String path, Object body) throws Exception {
        HttpRequest request = request(stack, service, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An operator may register devices, post readings and read the read models. */
    private static HttpRequest.Builder request(LocalStack stack, Service service, String path) {
        String token = DevelopmentTokens.mint(stack.jwtSecret(), "end-to-end-test", List.of(Role.OPERATOR), null,
                Instant.now(), Duration.ofMinutes(10));
        return HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }
}
