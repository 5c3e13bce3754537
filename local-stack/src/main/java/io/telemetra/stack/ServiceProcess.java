package io.telemetra.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One instance of a service as a child JVM, its output in its own log file. */
final class ServiceProcess {

    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Service service;
    private final int instance;
    private final int port;
    private final Path log;
    private final long startNanos;
    private final Process process;

    private ServiceProcess(Service service, int instance, int port, Path log, Process process, long startNanos) {
        this.service = service;
        this.instance = instance;
        this.port = port;
        this.log = log;
        this.process = process;
        this.startNanos = startNanos;
    }

    /** @param instance 0 for the first instance of the service */
    static ServiceProcess start(Service service, int instance, Path jar, int port, Map<String, String> environment,
                                List<String> extraJvmOptions, Path workingDirectory, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(service, jar, extraJvmOptions))
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        long startNanos = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // nothing to read on stdin
        return new ServiceProcess(service, instance, port, log, process, startNanos);
    }

    /**
     * The child's JVM: the launcher's own Java, the heap and collector of its {@link Service}, a hard exit on
     * OutOfMemoryError so a broken service is seen as down instead of limping on, and UTF-8 whatever the machine's
     * locale (Java 17 still derives it from there).
     * Extra options come last so they win.
     */
    static List<String> command(Service service, Path jar, List<String> extraJvmOptions) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + service.initialHeap(),
                "-Xmx" + service.maxHeap(),
                service.collector(),
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8"));
        command.addAll(extraJvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    Service service() {
        return service;
    }

    int instance() {
        return instance;
    }

    /** {@code command-service}, {@code command-service #2}... */
    String name() {
        return StackConfig.instanceName(service, instance);
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    URI url() {
        return URI.create("http://localhost:" + port);
    }

    long startNanos() {
        return startNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Actuator says UP; any other answer, or none, is not yet. */
    boolean isHealthy(HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(url().resolve("/actuator/health"))
                .timeout(HEALTH_REQUEST_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM: Spring's graceful shutdown. */
    void requestStop() {
        process.destroy();
    }

    /**
     * Waits for the exit after {@link #requestStop()}, SIGKILL after {@code grace}.
     *
     * @return true when it stopped on its own
     */
    boolean awaitStop(Duration grace) {
        return Processes.awaitOrKill(process.toHandle(), grace);
    }

    String logTail(int lines) {
        return LogFiles.indentedTail(log, lines);
    }
}
