package io.telemetra.query.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for command-service in query-service's tests (there is no command-service here): an HTTP server on a free
 * port that records each request forwarded to it and answers what a test queued, else 503. query-service is pointed at
 * it through {@code telemetra.command-service.url}; the end-to-end test in local-stack forwards to the real one.
 */
public final class CommandServiceDouble {

    /** What command-service received: method, path with query, the headers that matter, and the body. */
    public record Received(String method, String pathAndQuery, Map<String, String> headers, String body) {
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    private CommandServiceDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request is answered with this status and JSON body (null for none). */
    public synchronized void answerNext(int status, String contentType, String body) {
        answers.addLast(new Answer(status, contentType, body));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received lastReceived() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String name : List.of("Authorization", "Content-Type", "Idempotency-Key", "traceparent")) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()), headers, body));
            Answer answer;
            synchronized (this) {
                answer = answers.isEmpty() ? new Answer(503, null, null) : answers.removeFirst();
            }
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** Starts one double per test context, points query-service at it and offers it as a bean. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            CommandServiceDouble commandService;
            try {
                commandService = new CommandServiceDouble();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the command-service double", e);
            }
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("command-service-double",
                    Map.of("telemetra.command-service.url", commandService.url())));
            context.getBeanFactory().registerSingleton("commandServiceDouble", commandService);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    commandService.server.stop(0);
                }
            });
        }
    }
}
