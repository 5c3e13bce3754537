package io.telemetra.command.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing for the on-call webhook: the service under test is configured to POST its escalations
 * here, with retries quick enough for a test. Each alert's answers are scripted ({@link #answer}); it answers 200 once
 * the script is used up, and records every request it received.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebhookReceiver implements DisposableBean {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/hooks/escalations";

    /** A request as the receiver got it. */
    public record Received(JsonNode body, String contentType, String idempotencyKey) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    @Bean
    DynamicPropertyRegistrar escalationWebhookProperties() {
        return registry -> {
            registry.add("telemetra.escalation.webhook-url",
                    () -> "http://localhost:" + server.getAddress().getPort() + PATH);
            registry.add("telemetra.escalation.max-attempts", () -> "3");
            registry.add("telemetra.escalation.retry-initial", () -> "200ms");
            registry.add("telemetra.escalation.retry-max", () -> "1s");
            registry.add("telemetra.escalation.read-timeout", () -> "2s");
        };
    }

    /** The statuses the receiver answers to the alert's next requests, in order. */
    public void answer(String alertId, Integer... statuses) {
        scripts.put(alertId, new ArrayDeque<>(List.of(statuses)));
    }

    public List<Received> receivedFor(String alertId) {
        return received.stream().filter(request -> alertId.equals(request.body().path("alertId").asText())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            Deque<Integer> script = scripts.get(body.path("alertId").asText());
            Integer status = script == null ? null : script.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        }
    }

    @Override
    public void destroy() {
        server.stop(0);
    }
}
