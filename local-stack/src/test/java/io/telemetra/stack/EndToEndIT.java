package io.telemetra.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.testsupport.Preconditions;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.telemetra.stack.Service.COMMAND;
import static io.telemetra.stack.Service.QUERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged services, as {@code ./telemetra up} runs them, on free ports in a fresh home: a device and its readings
 * go in through command-service and come out of query-service; a rule on the device raises an alert (also on the live
 * stream) whose response command the device answers, an operator acknowledges the alert and the readings resolve it;
 * then the whole stack stops and starts again on the same home and everything is still there, and an unanswered
 * command times out.
 */
class EndToEndIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);
    private static final String PRINCIPAL = "end-to-end-test";
    private static final double MAX = 30.0;
    private static final double HYSTERESIS = 2.0;
    /** Short enough for the silence across the restart to take the device offline. */
    private static final int REPORTING_INTERVAL_SECONDS = 15;
    /** The services start (twice here) in far less CPU with the client compiler only; the load here is light. */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void a_device_its_readings_alerts_and_commands_reach_the_query_api_and_survive_a_restart_of_the_whole_stack()
            throws Exception {
        Path repository = Path.of(System.getProperty("telemetra.home", "..")).toAbsolutePath().normalize();
        int[] ports = FreePorts.take(7);
        StackConfig.Builder builder = StackConfig.builder(home, repository)
                .postgresPort(ports[0]).kafkaPort(ports[1]).kafkaControllerPort(ports[2]).mqttPort(ports[6])
                .servicePort(COMMAND, ports[3]).servicePort(QUERY, ports[4]).servicePort(Service.PROJECTION, ports[5])
                .startupTimeout(Duration.ofMinutes(4))
                .serviceJvmOptions(List.of(QUICK_START));
        StackConfig config = builder.build();
        for (Service service : Service.values()) {
            Preconditions.require(Files.isRegularFile(config.jar(service)), "no " + service.serviceName() + " jar at "
                    + config.jar(service) + ": package the services first (./mvnw verify does before this test)");
        }
        String deviceId = "e2e-" + UUID.randomUUID();
        Instant firstReadingAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<PidFile.Entry> firstRun;
        String secret;
        Answered answered;
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
                assertThat(device.path("openAlerts").asInt()).isZero();
            });
            publishOverMqtt(stack, deviceId, "{\"metric\": \"humidity\", \"value\": 41.5, \"unit\": \"%\", "
                    + "\"timestamp\": \"" + firstReadingAt.plusMillis(1) + "\"}");
            awaitDevice(stack, deviceId, device -> assertThat(device.at("/latest/humidity/value").asDouble())
                    .isEqualTo(41.5));

            answered = alertRaisedAnsweredAndResolved(stack, deviceId, firstReadingAt);
        }

        assertThat(config.pidFile()).as("removed on stop").doesNotExist();
        firstRun.forEach(process -> {
            if (process.pid() != ProcessHandle.current().pid()) { // the broker ran inside this JVM
                assertThat(ProcessHandle.of(process.pid()).filter(Processes::isRunning)).as(process.name() + " stopped")
                        .isEmpty();
            }
        });

        // Only now: the first run's response command had to wait for this test's answer, not time out.
        StackConfig restarted = builder.serviceJvmOptions(List.of(QUICK_START,
                "-Dtelemetra.responses.ack-timeout=2s", "-Dtelemetra.responses.max-attempts=2")).build();
        try (LocalStack stack = new LocalStack(restarted, System.out)) {
            stack.start();
            assertThat(stack.jwtSecret()).as("tokens minted before the restart stay valid").isEqualTo(secret);

            awaitDevice(stack, deviceId, device -> {
                assertThat(device.path("name").asText()).isEqualTo("end to end");
                assertThat(device.path("site").asText()).isEqualTo("lab");
                assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(answered.lastValue());
                assertThat(device.path("status").asText()).as("silent past its reporting interval")
                        .isEqualTo("OFFLINE");
                assertThat(device.path("openAlerts").asInt()).isZero();
            });
            JsonNode alert = onlyAlert(stack, deviceId);
            assertThat(alert.path("alertId").asText()).isEqualTo(answered.alertId());
            assertThat(alert.path("state").asText()).isEqualTo("RESOLVED");
            assertThat(alert.path("acknowledgedBy").asText()).isEqualTo(PRINCIPAL);
            JsonNode command = command(stack, deviceId, answered.commandId());
            assertThat(command.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(command.path("alertId").asText()).isEqualTo(answered.alertId());

            assertThat(post(stack, COMMAND, "/api/devices/" + deviceId + "/readings",
                    reading(23.0, answered.lastReadingAt().plusSeconds(10))).statusCode()).isEqualTo(202);
            awaitDevice(stack, deviceId, device -> {
                assertThat(device.path("status").asText()).isEqualTo("ONLINE");
                assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(23.0);
            });

            // An operator's command the device never answers: delivered max-attempts times, then TIMED_OUT. Issued
            // as the fleet page does, through query-service's origin, which forwards it to command-service.
            HttpResponse<String> issued = post(stack, QUERY, "/api/devices/" + deviceId + "/commands",
                    Map.of("type", "REBOOT"));
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
            String rebootId = json.readTree(issued.body()).path("commandId").asText();
            awaitCommand(stack, deviceId, rebootId, reboot -> {
                assertThat(reboot.path("status").asText()).isEqualTo("TIMED_OUT");
                assertThat(reboot.path("type").asText()).isEqualTo("REBOOT");
                assertThat(reboot.path("issuedBy").asText()).isEqualTo(PRINCIPAL);
                assertThat(reboot.path("attempts").asInt()).isEqualTo(2);
            });
            assertThat(acknowledgeCommand(stack, deviceId, rebootId, "COMPLETED").statusCode())
                    .as("too late").isEqualTo(409);
        }
    }

    /** What the restart must keep of the issue-6 flow. */
    private record Answered(String alertId, String commandId, double lastValue, Instant lastReadingAt) {
    }

    /**
     * A max rule with hysteresis and a THROTTLE response: a reading above max raises a CRITICAL alert and sends the
     * command, the device completes it, an operator acknowledges the alert, a reading within the hysteresis band keeps
     * it and one below it resolves it.
     */
    private Answered alertRaisedAnsweredAndResolved(LocalStack stack, String deviceId, Instant firstReadingAt)
            throws Exception {
        String devicePath = "/api/devices/" + deviceId;
        Map<String, Object> rule = Map.of("metric", "temperature", "max", MAX, "hysteresis", HYSTERESIS,
                "severity", "CRITICAL", "response", Map.of("type", "THROTTLE", "parameters", Map.of("percent", 50)));
        HttpResponse<String> configured = send(stack, COMMAND, devicePath + "/rules", operator(stack), "PUT",
                Map.of("rules", List.of(rule), "reportingIntervalSeconds", REPORTING_INTERVAL_SECONDS));
        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(204);

        CompletableFuture<JsonNode> streamed = firstAlertEvent(stack, deviceId);
        assertThat(post(stack, COMMAND, devicePath + "/readings", reading(35.0, firstReadingAt.plusSeconds(1)))
                .statusCode()).isEqualTo(202);
        String alertId = awaitOnlyAlert(stack, deviceId, alert -> {
            assertThat(alert.path("state").asText()).isEqualTo("OPEN");
            assertThat(alert.path("kind").asText()).isEqualTo("THRESHOLD_HIGH");
            assertThat(alert.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(alert.path("metric").asText()).isEqualTo("temperature");
            assertThat(alert.path("value").asDouble()).isEqualTo(35.0);
        }).path("alertId").asText();
        JsonNode live = streamed.get(VISIBLE_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertThat(live.path("alertId").asText()).isEqualTo(alertId);
        assertThat(live.path("state").asText()).isEqualTo("OPEN");
        assertThat(live.path("kind").asText()).isEqualTo("THRESHOLD_HIGH");
        awaitDevice(stack, deviceId, device -> assertThat(device.path("openAlerts").asInt()).isEqualTo(1));
        assertThat(get(stack, QUERY, "/api/fleet/summary").path("openAlerts").asLong()).isGreaterThanOrEqualTo(1);

        JsonNode throttle = awaitCommands(stack, deviceId, commands -> {
            assertThat(commands).hasSize(1);
            JsonNode command = commands.get(0);
            assertThat(command.path("type").asText()).isEqualTo("THROTTLE");
            assertThat(command.path("status").asText()).isEqualTo("ISSUED");
            assertThat(command.path("issuedBy").asText()).isEqualTo("system:alert-response");
            assertThat(command.path("alertId").asText()).isEqualTo(alertId);
            assertThat(command.at("/parameters/percent").asInt()).isEqualTo(50);
        }).get(0);
        String commandId = throttle.path("commandId").asText();

        assertThat(send(stack, COMMAND, devicePath + "/commands/" + commandId + "/ack", operator(stack), "POST",
                Map.of("outcome", "COMPLETED")).statusCode()).as("only the device answers").isEqualTo(403);
        assertThat(acknowledgeCommand(stack, deviceId, commandId, "ACCEPTED").statusCode()).isEqualTo(204);
        awaitCommand(stack, deviceId, commandId,
                command -> assertThat(command.path("status").asText()).isEqualTo("ACKNOWLEDGED"));
        assertThat(acknowledgeCommand(stack, deviceId, commandId, "COMPLETED").statusCode()).isEqualTo(204);
        awaitCommand(stack, deviceId, commandId, command -> {
            assertThat(command.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(command.path("outcome").asText()).isEqualTo("COMPLETED");
        });

        // As the fleet page does: through query-service, which forwards it to command-service.
        HttpResponse<String> acknowledged = post(stack, QUERY, devicePath + "/alerts/" + alertId + "/acknowledge",
                Map.of("note", "throttled, watching it"));
        assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(204);
        awaitOnlyAlert(stack, deviceId, alert -> {
            assertThat(alert.path("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(alert.path("acknowledgedBy").asText()).isEqualTo(PRINCIPAL);
        });

        // Below max but not below max - hysteresis: recorded, the alert stays (the event store answers at once).
        assertThat(post(stack, COMMAND, devicePath + "/readings", reading(MAX - HYSTERESIS / 2,
                firstReadingAt.plusSeconds(2))).statusCode()).isEqualTo(202);
        assertThat(history(stack, deviceId, "AlertResolved").at("/page/totalElements").asLong()).isZero();

        double normal = MAX - HYSTERESIS - 1;
        Instant normalAt = firstReadingAt.plusSeconds(3);
        assertThat(post(stack, COMMAND, devicePath + "/readings", reading(normal, normalAt)).statusCode())
                .isEqualTo(202);
        awaitOnlyAlert(stack, deviceId, alert -> {
            assertThat(alert.path("state").asText()).isEqualTo("RESOLVED");
            assertThat(alert.path("resolvedAt").isTextual()).isTrue();
        });
        awaitDevice(stack, deviceId, device -> {
            assertThat(device.path("openAlerts").asInt()).isZero();
            assertThat(device.at("/latest/temperature/value").asDouble()).isEqualTo(normal);
        });
        // A fresh home: this device's alert was the only one.
        assertThat(get(stack, QUERY, "/api/fleet/summary").path("openAlerts").asLong()).isZero();
        return new Answered(alertId, commandId, normal, normalAt);
    }

    /** The device publishes on its readings topic with its own token, as a device speaking MQTT does. */
    private static void publishOverMqtt(LocalStack stack, String deviceId, String json) throws MqttException {
        MqttClient device = new MqttClient(stack.mqttUrl(), deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(deviceId);
        options.setPassword(DevelopmentTokens.mint(stack.jwtSecret(), deviceId, List.of(Role.DEVICE), deviceId,
                Instant.now(), Duration.ofMinutes(10)).toCharArray());
        device.connect(options);
        try {
            MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            device.publish("telemetra/devices/" + deviceId + "/readings", message);
            device.disconnect();
        } finally {
            device.close();
        }
    }

    private static Map<String, Object> reading(double value, Instant timestamp) {
        return Map.of("metric", "temperature", "value", value, "unit", "C", "timestamp", timestamp.toString());
    }

    private interface Check {
        void verify(JsonNode node) throws Exception;
    }

    private void awaitDevice(LocalStack stack, String deviceId, Check check) {
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(
                () -> check.verify(get(stack, QUERY, "/api/devices/" + deviceId)));
    }

    /** The device has exactly one alert, whatever its state; returns it once {@code check} passes. */
    private JsonNode awaitOnlyAlert(LocalStack stack, String deviceId, Check check) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode alert = onlyAlert(stack, deviceId);
            check.verify(alert);
            seen.set(alert);
        });
        return seen.get();
    }

    private JsonNode onlyAlert(LocalStack stack, String deviceId) throws Exception {
        JsonNode alerts = get(stack, QUERY, "/api/alerts?deviceId=" + deviceId).path("content");
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    private JsonNode awaitCommands(LocalStack stack, String deviceId, Check check) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode commands = get(stack, QUERY, "/api/devices/" + deviceId + "/commands").path("content");
            check.verify(commands);
            seen.set(commands);
        });
        return seen.get();
    }

    private void awaitCommand(LocalStack stack, String deviceId, String commandId, Check check) {
        await().atMost(VISIBLE_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(
                () -> check.verify(command(stack, deviceId, commandId)));
    }

    private JsonNode command(LocalStack stack, String deviceId, String commandId) throws Exception {
        for (JsonNode command : get(stack, QUERY, "/api/devices/" + deviceId + "/commands").path("content")) {
            if (command.path("commandId").asText().equals(commandId)) {
                return command;
            }
        }
        throw new AssertionError("no command " + commandId + " of device " + deviceId + " in query-service");
    }

    /** The first {@code event: alert} of the device's live stream on query-service, read on a thread of its own. */
    private CompletableFuture<JsonNode> firstAlertEvent(LocalStack stack, String deviceId) throws Exception {
        // As the fleet page connects: a browser's EventSource cannot send headers.
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url(QUERY) + "/api/stream?deviceId=" + deviceId
                + "&access_token=" + operator(stack))).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> {
            try (Stream<String> lines = response.body()) {
                boolean alert = false;
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event:")) {
                        alert = line.substring("event:".length()).trim().equals("alert");
                    } else if (alert && line.startsWith("data:")) {
                        return json.readTree(line.substring("data:".length()));
                    }
                }
                throw new AssertionError("the live stream ended before an alert");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What command-service's event store holds of one event type, read as an auditor. */
    private JsonNode history(LocalStack stack, String deviceId, String type) throws Exception {
        return get(stack, COMMAND, "/api/devices/" + deviceId + "/history?type=" + type, token(stack, Role.AUDITOR));
    }

    /** The answer of the device itself, with a token that names it (as {@code ./telemetra token --device}). */
    private HttpResponse<String> acknowledgeCommand(LocalStack stack, String deviceId, String commandId,
                                                    String outcome) throws Exception {
        String token = DevelopmentTokens.mint(stack.jwtSecret(), deviceId, List.of(Role.DEVICE), deviceId,
                Instant.now(), Duration.ofMinutes(10));
        return send(stack, COMMAND, "/api/devices/" + deviceId + "/commands/" + commandId + "/ack", token, "POST",
                Map.of("outcome", outcome));
    }

    private JsonNode get(LocalStack stack, Service service, String path) throws Exception {
        return get(stack, service, path, operator(stack));
    }

    private JsonNode get(LocalStack stack, Service service, String path, String token) throws Exception {
        HttpResponse<String> response = http.send(request(stack, service, path, token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> post(LocalStack stack, Service service, String path, Object body) throws Exception {
        return send(stack, service, path, operator(stack), "POST", body);
    }

    private HttpResponse<String> send(LocalStack stack, Service service, String path, String token, String method,
                                      Object body) throws Exception {
        HttpRequest request = request(stack, service, path, token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** An operator may register devices, configure rules, post readings, issue commands and read the read models. */
    private static String operator(LocalStack stack) {
        return token(stack, Role.OPERATOR);
    }

    private static String token(LocalStack stack, Role role) {
        return DevelopmentTokens.mint(stack.jwtSecret(), PRINCIPAL, List.of(role), null, Instant.now(),
                Duration.ofMinutes(10));
    }

    private static HttpRequest.Builder request(LocalStack stack, Service service, String path, String token) {
        return HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }
}
