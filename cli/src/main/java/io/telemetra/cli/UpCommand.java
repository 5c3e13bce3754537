package io.telemetra.cli;

import io.telemetra.stack.LocalStack;
import io.telemetra.stack.Service;
import io.telemetra.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./telemetra up}: the whole platform in the foreground until Ctrl-C or {@code ./telemetra down}. */
@Command(name = "up", description = "Run embedded PostgreSQL, Kafka, an MQTT broker and the three services (--instances "
        + "of each) in the foreground; Ctrl-C stops them in order.", sortOptions = false)
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Mixin
    HomeOption home;

    @Option(names = "--repository", paramLabel = "DIR", description = "The repository root holding "
            + "<service>/target/<service>.jar (default: where ./telemetra is).")
    Path repository;

    @Option(names = "--instances", paramLabel = "N", converter = Values.Positive.class, description = "Instances of "
            + "each service (default: 1, at most 9); the ports options give the first instance's ports, each further "
            + "instance listens 10 above the one before (command-service 8081, 8091...).")
    Integer instances;

    @Option(names = "--postgres-port", paramLabel = "N", converter = Values.Port.class,
            description = "Embedded PostgreSQL (default: 15432).")
    Integer postgresPort;

    @Option(names = "--kafka-port", paramLabel = "N", converter = Values.Port.class,
            description = "Kafka broker (default: 19092).")
    Integer kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "N", converter = Values.Port.class,
            description = "KRaft controller (default: the Kafka port + 1).")
    Integer kafkaControllerPort;

    @Option(names = "--mqtt-port", paramLabel = "N", converter = Values.Port.class,
            description = "MQTT broker, for devices and command-service's bridge (default: 11883).")
    Integer mqttPort;

    @Option(names = "--command-port", paramLabel = "N", converter = Values.Port.class,
            description = "command-service (default: 8081).")
    Integer commandPort;

    @Option(names = "--query-port", paramLabel = "N", converter = Values.Port.class,
            description = "query-service (default: 8082).")
    Integer queryPort;

    @Option(names = "--projection-port", paramLabel = "N", converter = Values.Port.class,
            description = "projection-service (default: 8083).")
    Integer projectionPort;

    @Option(names = "--command-jar", paramLabel = "FILE", description = "A service jar elsewhere than in the "
            + "repository (also --query-jar, --projection-jar).")
    Path commandJar;

    @Option(names = "--query-jar", paramLabel = "FILE", hidden = true)
    Path queryJar;

    @Option(names = "--projection-jar", paramLabel = "FILE", hidden = true)
    Path projectionJar;

    @Option(names = "--startup-timeout", paramLabel = "DURATION", converter = Values.DurationValue.class,
            description = "How long the services may take to become healthy (default: 300s).")
    Duration startupTimeout;

    @Option(names = "--service-jvm-options", paramLabel = "OPTS", description = "Extra JVM options for every "
            + "service, e.g. \"-Xmx1g\".")
    String serviceJvmOptions;

    @Override
    public Integer call() {
        return new LocalStack(config(), System.out).runUntilStopped();
    }

    StackConfig config() {
        Workspace workspace = telemetra.workspace();
        StackConfig.Builder builder = StackConfig.builder(
                home.resolve(workspace),
                repository != null ? repository.toAbsolutePath() : workspace.repository());
        if (instances != null) {
            builder.instances(instances);
        }
        if (postgresPort != null) {
            builder.postgresPort(postgresPort);
        }
        if (kafkaPort != null) {
            builder.kafkaPort(kafkaPort);
        }
        if (kafkaControllerPort != null) {
            builder.kafkaControllerPort(kafkaControllerPort);
        }
        if (mqttPort != null) {
            builder.mqttPort(mqttPort);
        }
        port(builder, Service.COMMAND, commandPort);
        port(builder, Service.QUERY, queryPort);
        port(builder, Service.PROJECTION, projectionPort);
        jar(builder, Service.COMMAND, commandJar);
        jar(builder, Service.QUERY, queryJar);
        jar(builder, Service.PROJECTION, projectionJar);
        if (startupTimeout != null) {
            if (startupTimeout.isZero() || startupTimeout.isNegative()) {
                throw new CliException("error: --startup-timeout must be positive", 2);
            }
            builder.startupTimeout(startupTimeout);
        }
        if (serviceJvmOptions != null) {
            builder.serviceJvmOptions(serviceJvmOptions.isBlank() ? List.of()
                    : List.of(serviceJvmOptions.trim().split("\\s+")));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliException("error: " + e.getMessage(), 2);
        }
    }

    private static void port(StackConfig.Builder builder, Service service, Integer port) {
        if (port != null) {
            builder.servicePort(service, port);
        }
    }

    private static void jar(StackConfig.Builder builder, Service service, Path jar) {
        if (jar != null) {
            builder.jar(service, jar.toAbsolutePath());
        }
    }
}
