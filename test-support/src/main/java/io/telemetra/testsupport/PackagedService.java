package io.telemetra.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A service's packaged jar ({@code <module>/target/<module>.jar}, built by the package phase before the integration
 * tests) run as a process of its own, for a test that kills it with SIGKILL, as a crash would, or that needs another
 * service beside the one it tests. Its output goes to a log file under {@code target/}.
 */
public final class PackagedService implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PackagedService(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The jar of a module of this repository, from a test of any module (their working directory is the module). */
    public static Path jar(String module) {
        return Path.of("..", module, "target", module + ".jar").toAbsolutePath().normalize();
    }

    /**
     * Fails in CI, and skips elsewhere, when the jar is not there (see {@link Preconditions}).
     *
     * @param environment the service's settings ({@code TELEMETRA_*}); {@code SERVER_PORT} is set to a free port
     * @param jvmOptions  e.g. {@code -Dtelemetra.responses.ack-timeout=10s}
     */
    public static PackagedService start(String module, Map<String, String> environment, List<String> jvmOptions) {
        Path jar = jar(module);
        Preconditions.require(Files.isRegularFile(jar), "no " + module + " jar at " + jar
                + ": package it first (./mvnw verify does before the integration tests)");
        int port = freePort();
        Path log = Path.of("target", module + "-" + port + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new PackagedService(module, port, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://localhost:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** Until {@code /actuator/health} answers UP; fails at once, with the end of its log, if the process exits. */
    public PackagedService awaitHealthy(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            return healthy();
        });
        return this;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url().resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running 30 s after SIGKILL");
        }
    }

    /** SIGTERM (a graceful shutdown), SIGKILL when it takes too long. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
