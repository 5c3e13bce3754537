package io.telemetra.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A running local stack, found through its home: the launcher's pid file ({@code <launcher pid>} then
 * {@code <name> <pid> <port>} lines, written by local-stack) gives the ports, {@code jwt-secret} the token key.
 */
record Stack(Path home, URI commandService, int postgresPort, int kafkaPort, String jwtSecret, int mqttPort) {

    /** Local-stack's database, role and password (trust authentication, localhost only). */
    static final String DATABASE = "telemetra";
    static final String USER = "telemetra";
    static final String PASSWORD = "telemetra";
    static final String SECRET_ENVIRONMENT_VARIABLE = "TELEMETRA_JWT_SECRET";

    /** Thrown when there is no usable stack: the message says what to do. */
    static final class NotRunning extends Exception {
        NotRunning(String message) {
            super(message);
        }
    }

    /** Like {@code ./telemetra up}'s services, the JDBC URL batches inserts into multi-row statements. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + DATABASE + "?reWriteBatchedInserts=true";
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    /** @throws NotRunning when the stack runs no MQTT broker */
    String mqttUrl() throws NotRunning {
        if (mqttPort == 0) {
            throw new NotRunning("the stack running from " + home + " has no MQTT broker: restart it with a newer "
                    + "./telemetra up");
        }
        return "tcp://localhost:" + mqttPort;
    }

    /** Finds the stack running from {@code home} and checks that command-service answers its health check. */
    static Stack locate(Path home, Map<String, String> environment) throws NotRunning {
        Path pidFile = home.resolve("telemetra.pid");
        List<String> lines;
        try {
            lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new NotRunning("cannot read " + pidFile + ": " + e.getMessage());
        }
        Map<String, Integer> ports = ports(lines);
        long launcher = launcherPid(lines);
        if (launcher < 0 || !ProcessHandle.of(launcher).map(ProcessHandle::isAlive).orElse(false)) {
            throw new NotRunning("Telemetra is not running from " + home + ": start it with ./telemetra up "
                    + "(in another terminal, or in the background) and run this again");
        }
        for (String name : List.of("command-service", "postgres", "kafka")) {
            if (!ports.containsKey(name)) {
                throw new NotRunning("Telemetra is still starting (no " + name + " yet in " + pidFile
                        + "): wait for 'Telemetra is up' and run this again");
            }
        }
        String secret = environment.get(SECRET_ENVIRONMENT_VARIABLE);
        if (secret == null || secret.isBlank()) {
            try {
                secret = Files.readString(home.resolve("jwt-secret"), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new NotRunning("cannot read the stack's token secret " + home.resolve("jwt-secret") + ": "
                        + e.getMessage());
            }
        }
        Stack stack = new Stack(home, URI.create("http://localhost:" + ports.get("command-service")),
                ports.get("postgres"), ports.get("kafka"), secret, ports.getOrDefault("mqtt", 0));
        stack.requireHealthy(stack.commandService());
        return stack;
    }

    /** {@code <name> <pid> <port>} lines after the first: name to port. Malformed lines are skipped. */
    static Map<String, Integer> ports(List<String> pidFileLines) {
        Map<String, Integer> ports = new HashMap<>();
        for (String line : pidFileLines.subList(Math.min(1, pidFileLines.size()), pidFileLines.size())) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[2].matches("\\d{1,5}")) {
                ports.put(parts[0], Integer.parseInt(parts[2]));
            }
        }
        return ports;
    }

    /** The first line's pid, or -1. */
    static long launcherPid(List<String> pidFileLines) {
        if (pidFileLines.isEmpty() || !pidFileLines.get(0).trim().matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(pidFileLines.get(0).trim());
    }

    private void requireHealthy(URI service) throws NotRunning {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new NotRunning(service + " is not healthy (HTTP " + response.statusCode()
                        + "): see ./telemetra status and ./telemetra logs command");
            }
        } catch (IOException e) {
            throw new NotRunning(service + " does not answer (" + e.getMessage() + "): see ./telemetra status");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRunning("interrupted");
        }
    }
}
