package io.telemetra.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.RegisterDeviceRequest;
import io.telemetra.api.kafka.WireFormat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** command-service's REST API, as an operator. Thread-safe. */
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
    private final URI commandService;
    private final BearerToken token;

    PlatformClient(URI commandService, BearerToken token) {
        this.commandService = commandService;
        this.token = token;
    }

    /** {@code POST /api/devices}: 201 when new, 409 when it already exists. */
    Response register(String deviceId, String type, String name, String site) throws IOException, InterruptedException {
        return post("/api/devices", new RegisterDeviceRequest(deviceId, type, name, site, null, Map.of()));
    }

    /** {@code POST /api/devices/{deviceId}/readings} with an array of readings of that device. */
    Response postDeviceReadings(String deviceId, Object readings) throws IOException, InterruptedException {
        return post("/api/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "/readings", readings);
    }

    /** {@code POST /api/readings} with an array of readings of any devices. */
    Response postReadings(Object readings) throws IOException, InterruptedException {
        return post("/api/readings", readings);
    }

    private Response post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(commandService.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", token.header())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), parse(response.body()));
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
