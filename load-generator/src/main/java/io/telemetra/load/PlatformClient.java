package io.telemetra.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.RegisterDeviceRequest;
import io.telemetra.api.devicecommand.AcknowledgeCommandRequest;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRequest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** command-service's REST API, as an operator (and as a device answering its commands). Thread-safe. */
final class PlatformClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** A status and the parsed JSON body (a missing or non-JSON body is an empty object). */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem detail's stable {@code code}, else {@code HTTP <status>}. */
        String reason() {
            JsonNode code = body.get("code");
            return code != null && code.isTextual() ? code.asText() : "HTTP " + status;
        }
    }

    private final ObjectMapper json = WireFormat.objectMapper();
    // HTTP/1.1: the services speak no cleartext HTTP/2, and the upgrade attempt would cost every request a header.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> commandServices;
    private final AtomicInteger next = new AtomicInteger();
    private final BearerToken token;

    /** @param commandServices every command-service instance: requests go round them, as a load balancer sends them */
    PlatformClient(List<URI> commandServices, BearerToken token) {
        this.commandServices = List.copyOf(commandServices);
        this.token = token;
    }

    /** A client of one of the instances only: the {@code index}-th, counted round them. */
    PlatformClient forInstance(int index) {
        return new PlatformClient(List.of(commandServices.get(Math.floorMod(index, commandServices.size()))), token);
    }

    /** {@code POST /api/devices}: 201 when new, 409 when it already exists. */
    Response register(String deviceId, String type, String name, String site) throws IOException, InterruptedException {
        return post("/api/devices", new RegisterDeviceRequest(deviceId, type, name, site, null, Map.of()));
    }

    /** {@code PUT /api/devices/{deviceId}/rules}: 204 once the rule set replaced the previous one. */
    Response configureRules(String deviceId, ConfigureRulesRequest rules) throws IOException, InterruptedException {
        return send("PUT", "/api/devices/" + encode(deviceId) + "/rules", rules, token);
    }

    /**
     * {@code POST /api/devices/{deviceId}/commands/{commandId}/ack} with the device's own token: 204, also for the
     * same answer again; 409 {@code DEVICE_COMMAND_CLOSED} once the command is closed or timed out.
     */
    Response acknowledgeCommand(String deviceId, String commandId, String outcome, BearerToken deviceToken)
            throws IOException, InterruptedException {
        return send("POST", "/api/devices/" + encode(deviceId) + "/commands/" + encode(commandId) + "/ack",
                new AcknowledgeCommandRequest(outcome, null), deviceToken);
    }

    /**
     * {@code POST /api/devices/{deviceId}/alerts/{alertId}/acknowledge}: the device is loaded to decide, and an alert
     * it does not know is refused (404 {@code ALERT_NOT_FOUND}), which also drops it from command-service's cache.
     */
    Response acknowledgeAlert(String deviceId, String alertId) throws IOException, InterruptedException {
        return post("/api/devices/" + encode(deviceId) + "/alerts/" + encode(alertId) + "/acknowledge", Map.of());
    }

    /** {@code POST /api/devices/{deviceId}/readings} with an array of readings of that device. */
    Response postDeviceReadings(String deviceId, Object readings) throws IOException, InterruptedException {
        return post("/api/devices/" + encode(deviceId) + "/readings", readings);
    }

    /** One reading of the device taken now: what the bench's probes send to make command-service load the device. */
    Response postReadingNow(String deviceId) throws IOException, InterruptedException {
        return postDeviceReadings(deviceId, List.of(new ReadingRequest(null, "temperature", 20.0, "Cel",
                Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    }

    /** {@code POST /api/readings} with an array of readings of any devices. */
    Response postReadings(Object readings) throws IOException, InterruptedException {
        return post("/api/readings", readings);
    }

    private Response post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body, token);
    }

    private Response send(String method, String path, Object body, BearerToken as)
            throws IOException, InterruptedException {
        URI commandService = commandServices.get(Math.floorMod(next.getAndIncrement(), commandServices.size()));
        HttpRequest request = HttpRequest.newBuilder(commandService.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", as.header())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), parse(response.body()));
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
