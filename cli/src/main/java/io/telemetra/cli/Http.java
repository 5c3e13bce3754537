package io.telemetra.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP calls the command line makes to a local stack. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, String body) {
    }

    private Http() {
    }

    static Answer get(URI uri, String token, Duration timeout) throws IOException {
        return send(request(uri, token, timeout).GET().build());
    }

    static Answer postJson(URI uri, String token, String json, Duration timeout) throws IOException {
        return send(request(uri, token, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code UP}, {@code NO ANSWER} or {@code DOWN (HTTP n)}: a service's {@code /actuator/health}. */
    static String health(int port) {
        try {
            Answer answer = get(URI.create("http://localhost:" + port + "/actuator/health"), null,
                    Duration.ofSeconds(3));
            if (answer.status() == 200 && answer.body().replaceAll("\\s", "").contains("\"status\":\"UP\"")) {
                return "UP";
            }
            return "DOWN (HTTP " + answer.status() + ")";
        } catch (IOException e) {
            return "NO ANSWER";
        }
    }

    /** Something accepts connections on the port of this machine. */
    static boolean open(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpRequest.Builder request(URI uri, String token, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Answer send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
