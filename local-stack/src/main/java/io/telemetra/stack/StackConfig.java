package io.telemetra.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the stack keeps its data and finds its jars, and the ports it listens on. Built from command-line flags by
 * {@link #parse} or programmatically with {@link #builder}.
 */
public record StackConfig(
        Path home,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int mqttPort,
        Map<Service, Integer> servicePorts,
        Map<Service, Path> jars,
        Duration startupTimeout,
        List<String> serviceJvmOptions) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    /** The HMAC key of this stack's tokens, in its home. */
    public static final String JWT_SECRET_FILE = "jwt-secret";
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_MQTT_PORT = 11883;
    /** The MQTT bridge's password at the embedded broker, in the home. */
    public static final String MQTT_BRIDGE_PASSWORD_FILE = "mqtt-bridge-password";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(5);

    public static final String USAGE = """
            usage: local-stack [options]
              --home DIR                   data, logs and pid file (default: ./.telemetra)
              --repository DIR             repository root holding <service>/target/<service>.jar (default: .)
              --postgres-port N            embedded PostgreSQL (default: 15432)
              --kafka-port N               Kafka broker (default: 19092)
              --kafka-controller-port N    KRaft controller (default: Kafka port + 1)
              --mqtt-port N                MQTT broker (default: 11883)
              --command-port N             command-service (default: 8081)
              --query-port N               query-service (default: 8082)
              --projection-port N          projection-service (default: 8083)
              --command-jar FILE           a service jar elsewhere than in the repository (also --query-jar, --projection-jar)
              --startup-timeout SECONDS    how long the services may take to become healthy (default: 300)
              --service-jvm-options OPTS   extra JVM options for every service, e.g. "-Xmx1g"
              --help                       this text
            """;

    public StackConfig {
        home = home.toAbsolutePath().normalize();
        servicePorts = Collections.unmodifiableMap(new EnumMap<>(servicePorts));
        jars = Collections.unmodifiableMap(new EnumMap<>(jars));
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        if (servicePorts.size() != Service.values().length || jars.size() != Service.values().length) {
            throw new IllegalArgumentException("every service needs a port and a jar");
        }
    }

    public int port(Service service) {
        return servicePorts.get(service);
    }

    public Path jar(Service service) {
        return jars.get(service);
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path postgresData() {
        return home.resolve("postgres");
    }

    public Path kafkaData() {
        return home.resolve("kafka");
    }

    public Path mqttData() {
        return home.resolve("mqtt");
    }

    /** The password the MQTT bridge connects to the embedded broker with, generated on first start. */
    public Path mqttBridgePasswordFile() {
        return home.resolve(MQTT_BRIDGE_PASSWORD_FILE);
    }

    public Path pidFile() {
        return home.resolve("telemetra.pid");
    }

    /** The HMAC key for development tokens, generated on first start. */
    public Path jwtSecretFile() {
        return home.resolve(JWT_SECRET_FILE);
    }

    /** Every port the stack listens on, named for error messages. */
    Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("postgres", postgresPort);
        ports.put("kafka", kafkaPort);
        ports.put("kafka controller", kafkaControllerPort);
        ports.put("mqtt", mqttPort);
        servicePorts.forEach((service, port) -> ports.put(service.serviceName(), port));
        return ports;
    }

    /**
     * Reads command-line flags ({@code --name value} or {@code --name=value}); relative paths resolve against the
     * working directory.
     *
     * @throws IllegalArgumentException with a message fit for the user on an unknown flag or a bad value
     */
    public static StackConfig parse(String... args) {
        Path cwd = Path.of("").toAbsolutePath();
        Builder builder = builder(cwd.resolve(".telemetra"), cwd);
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = rest.remove(0);
            }
            apply(builder, name, value, cwd);
        }
        return builder.build();
    }

    private static void apply(Builder builder, String name, String value, Path cwd) {
        switch (name) {
            case "home" -> builder.home(cwd.resolve(value));
            case "repository" -> builder.repository(cwd.resolve(value));
            case "postgres-port" -> builder.postgresPort(port(name, value));
            case "kafka-port" -> builder.kafkaPort(port(name, value));
            case "kafka-controller-port" -> builder.kafkaControllerPort(port(name, value));
            case "mqtt-port" -> builder.mqttPort(port(name, value));
            case "startup-timeout" -> builder.startupTimeout(Duration.ofSeconds(positive(name, value)));
            case "service-jvm-options" -> builder.serviceJvmOptions(
                    value.isBlank() ? List.of() : List.of(value.trim().split("\\s+")));
            default -> {
                for (Service service : Service.values()) {
                    if (name.equals(service.shortName() + "-port")) {
                        builder.servicePort(service, port(name, value));
                        return;
                    }
                    if (name.equals(service.shortName() + "-jar")) {
                        builder.jar(service, cwd.resolve(value));
                        return;
                    }
                }
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
    }

    private static int port(String name, String value) {
        int port = positive(name, value);
        if (port > 65535) {
            throw new IllegalArgumentException("--" + name + " must be a port number, not " + value);
        }
        return port;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a positive number, not '" + value + "'");
        }
    }

    /** Defaults: the standard ports, jars under {@code repository}, data in {@code home}. */
    public static Builder builder(Path home, Path repository) {
        return new Builder(home, repository);
    }

    public static final class Builder {
        private Path home;
        private Path repository;
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private Integer kafkaControllerPort;
        private int mqttPort = DEFAULT_MQTT_PORT;
        private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        private final Map<Service, Path> jars = new EnumMap<>(Service.class);
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private List<String> serviceJvmOptions = List.of();

        private Builder(Path home, Path repository) {
            this.home = home;
            this.repository = repository;
        }

        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        public Builder repository(Path repository) {
            this.repository = repository;
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        public Builder servicePort(Service service, int port) {
            servicePorts.put(service, port);
            return this;
        }

        public Builder jar(Service service, Path jar) {
            jars.put(service, jar);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        public Builder serviceJvmOptions(List<String> options) {
            this.serviceJvmOptions = options;
            return this;
        }

        public StackConfig build() {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            Map<Service, Path> serviceJars = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, servicePorts.getOrDefault(service, service.defaultPort()));
                serviceJars.put(service, jars.getOrDefault(service, repository.toAbsolutePath().normalize()
                        .resolve(service.serviceName()).resolve("target").resolve(service.serviceName() + ".jar")));
            }
            int controllerPort = kafkaControllerPort != null ? kafkaControllerPort : kafkaPort + 1;
            StackConfig config = new StackConfig(home, postgresPort, kafkaPort, controllerPort, mqttPort, ports,
                    serviceJars, startupTimeout, serviceJvmOptions);
            List<Integer> all = new ArrayList<>(config.namedPorts().values());
            if (all.stream().distinct().count() != all.size()) {
                throw new IllegalArgumentException("ports must differ: " + config.namedPorts());
            }
            return config;
        }
    }
}
