package io.telemetra.cli;

import io.telemetra.load.IngestPath;
import io.telemetra.load.Stack;
import io.telemetra.stack.DevelopmentSecret;
import io.telemetra.stack.PidFile;
import io.telemetra.stack.Service;
import io.telemetra.stack.StackConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The stack running from a home, as its launcher recorded it in the pid file. */
record RunningStack(Path home, PidFile.Contents recorded) {

    /** Exit code of simulate and bench when no stack runs (as LSB's "not running"). */
    static final int NOT_RUNNING = 3;

    /** The stack running from {@code home}, if its launcher is alive. */
    static Optional<RunningStack> in(Path home) {
        try {
            return PidFile.in(home).read().filter(c -> c.launcher().isPresent()).map(c -> new RunningStack(home, c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PidFile.in(home).path(), e);
        }
    }

    /** The stack running from {@code home}, or the reason to stop: not running. */
    static RunningStack require(Path home) {
        return in(home).orElseThrow(() -> CliException.die("Telemetra is not running from " + home
                + ": start it with ./telemetra up"));
    }

    long launcherPid() {
        return recorded.launcherPid();
    }

    /** The port the launcher recorded for a process, else its default. */
    int port(String name, int defaultPort) {
        return recorded.entry(name).map(PidFile.Entry::port).orElse(defaultPort);
    }

    /** The first instance's port. */
    int port(Service service) {
        return port(service.serviceName(), service.defaultPort());
    }

    /** How many instances of each service the stack runs, as recorded. */
    int instances() {
        return Math.max(1, recorded.entries(Service.COMMAND.serviceName()).size());
    }

    Optional<Long> pid(String name) {
        return recorded.entry(name).map(PidFile.Entry::pid);
    }

    /** A service's port, once it answers there. */
    int answeringPort(Service service) {
        int port = port(service);
        if (!Http.open(port)) {
            throw CliException.die(service.serviceName() + " does not answer on port " + port
                    + ": see ./telemetra status");
        }
        return port;
    }

    /** The key this stack's tokens are signed with: {@code TELEMETRA_JWT_SECRET}, else the one in its home. */
    static String secret(Workspace workspace, Path home, boolean create) throws IOException {
        String secret = workspace.env(DevelopmentSecret.ENVIRONMENT_VARIABLE);
        if (secret != null) {
            return secret;
        }
        Path file = home.resolve(StackConfig.JWT_SECRET_FILE);
        if (create) {
            Files.createDirectories(home);
            return DevelopmentSecret.loadOrCreate(file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /**
     * The stack for simulate and bench: started, recorded and answering, with an MQTT broker for the MQTT path.
     *
     * @throws CliException exit code {@value #NOT_RUNNING} with what to do when it is not
     */
    static Stack forLoad(Workspace workspace, Path home, IngestPath path) {
        RunningStack running = in(home).orElseThrow(() -> notRunning("Telemetra is not running from " + home
                + ": start it with ./telemetra up (in another terminal, or in the background) and run this again"));
        for (String name : List.of(Service.COMMAND.serviceName(), "postgres", "kafka")) {
            if (running.recorded().entry(name).isEmpty()) {
                throw notRunning("Telemetra is still starting (no " + name + " yet in " + PidFile.in(home).path()
                        + "): wait for 'Telemetra is up' and run this again");
            }
        }
        OptionalInt mqttPort = running.recorded().entry("mqtt").map(entry -> OptionalInt.of(entry.port()))
                .orElseGet(OptionalInt::empty);
        if (path == IngestPath.MQTT && mqttPort.isEmpty()) {
            throw notRunning("the stack running from " + home + " runs no MQTT broker (its launcher predates it): "
                    + "restart it with ./telemetra down and ./telemetra up");
        }
        String secret;
        try {
            secret = secret(workspace, home, false);
        } catch (IOException e) {
            throw notRunning("cannot read the stack's token secret " + home.resolve(StackConfig.JWT_SECRET_FILE)
                    + ": " + e.getMessage());
        }
        List<URI> commandServices = new ArrayList<>();
        for (PidFile.Entry instance : running.recorded().entries(Service.COMMAND.serviceName())) {
            URI commandService = URI.create("http://localhost:" + instance.port());
            String health = Http.health(instance.port());
            if (health.equals("NO ANSWER")) {
                throw notRunning(commandService + " does not answer: see ./telemetra status");
            }
            if (!health.equals("UP")) {
                throw notRunning(commandService + " is not healthy (" + health + "): see ./telemetra status and "
                        + "./telemetra logs command");
            }
            commandServices.add(commandService);
        }
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("launcher", List.of(running.launcherPid()));
        running.recorded().entries().forEach(entry ->
                processes.computeIfAbsent(entry.name(), name -> new ArrayList<>()).add(entry.pid()));
        return new Stack(home, commandServices, running.port("postgres", StackConfig.DEFAULT_POSTGRES_PORT),
                running.port("kafka", StackConfig.DEFAULT_KAFKA_PORT), mqttPort, secret, processes);
    }

    private static CliException notRunning(String message) {
        return new CliException("error: " + message, NOT_RUNNING);
    }
}
