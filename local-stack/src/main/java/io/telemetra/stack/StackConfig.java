package io.telemetra.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the stack keeps its data and finds its jars, how many instances of each service it runs and the ports they all
 * listen on; built with {@link #builder} (from {@code ./telemetra up}'s options, or by a test).
 *
 * @param servicePorts each service's ports, one per instance, the first instance's first
 */
public record StackConfig(
        Path home,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int mqttPort,
        Map<Service, List<Integer>> servicePorts,
        Map<Service, Path> jars,
        Duration startupTimeout,
        List<String> serviceJvmOptions) {

    public static final int DEFAULT_POSTGRES_PORT = 15432;
    /** The HMAC key of this stack's tokens, in its home. */
    public static final String JWT_SECRET_FILE = "jwt-secret";
    /** PostgreSQL's data directory, in the home. */
    public static final String POSTGRES_DATA = "postgres";
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_MQTT_PORT = 11883;
    /** The MQTT bridge's password at the embedded broker, in the home. */
    public static final String MQTT_BRIDGE_PASSWORD_FILE = "mqtt-bridge-password";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(5);
    /** The second instance of a service listens this far above the first, the third twice as far, and so on. */
    public static final int INSTANCE_PORT_STEP = 10;
    public static final int MAX_INSTANCES = 9;

    public StackConfig {
        home = home.toAbsolutePath().normalize();
        EnumMap<Service, List<Integer>> ports = new EnumMap<>(Service.class);
        servicePorts.forEach((service, list) -> ports.put(service, List.copyOf(list)));
        servicePorts = Collections.unmodifiableMap(ports);
        jars = Collections.unmodifiableMap(new EnumMap<>(jars));
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        if (servicePorts.size() != Service.values().length || jars.size() != Service.values().length) {
            throw new IllegalArgumentException("every service needs a port and a jar");
        }
        int instances = servicePorts.get(Service.COMMAND).size();
        if (instances < 1 || instances > MAX_INSTANCES
                || servicePorts.values().stream().anyMatch(list -> list.size() != instances)) {
            throw new IllegalArgumentException("every service runs the same number of instances, 1 to "
                    + MAX_INSTANCES);
        }
    }

    /** How many instances of each service the stack runs. */
    public int instances() {
        return servicePorts.get(Service.COMMAND).size();
    }

    /** The first instance's port. */
    public int port(Service service) {
        return port(service, 0);
    }

    /** @param instance 0 for the first */
    public int port(Service service, int instance) {
        return servicePorts.get(service).get(instance);
    }

    /**
     * What an instance's process is called in the pid file and in messages: the service's name, whichever instance it
     * is (the port tells them apart).
     */
    public static String instanceName(Service service, int instance) {
        return instance == 0 ? service.serviceName() : service.serviceName() + " #" + (instance + 1);
    }

    /** An instance's log: {@code command-service.log} for the first, {@code command-service-2.log} for the next. */
    public Path log(Service service, int instance) {
        return logs().resolve(service.serviceName() + (instance == 0 ? "" : "-" + (instance + 1)) + ".log");
    }

    public Path jar(Service service) {
        return jars.get(service);
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path postgresData() {
        return home.resolve(POSTGRES_DATA);
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
        return PidFile.in(home).path();
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
        servicePorts.forEach((service, list) -> {
            for (int instance = 0; instance < list.size(); instance++) {
                ports.put(instanceName(service, instance), list.get(instance));
            }
        });
        return ports;
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
        private final Map<Service, List<Integer>> instancePorts = new EnumMap<>(Service.class);
        private int instances = 1;
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

        /** Instances of each service; the ones after the first listen {@value #INSTANCE_PORT_STEP} ports apart. */
        public Builder instances(int instances) {
            this.instances = instances;
            return this;
        }

        /** Every instance's port, the first's first, instead of ports {@value #INSTANCE_PORT_STEP} apart. */
        public Builder instancePorts(Service service, List<Integer> ports) {
            instancePorts.put(service, List.copyOf(ports));
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
            if (instances < 1 || instances > MAX_INSTANCES) {
                throw new IllegalArgumentException("instances must be 1 to " + MAX_INSTANCES);
            }
            Map<Service, List<Integer>> ports = new EnumMap<>(Service.class);
            Map<Service, Path> serviceJars = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                int first = servicePorts.getOrDefault(service, service.defaultPort());
                List<Integer> all = new ArrayList<>();
                for (int instance = 0; instance < instances; instance++) {
                    all.add(first + INSTANCE_PORT_STEP * instance);
                }
                List<Integer> given = instancePorts.getOrDefault(service, all);
                if (given.size() != instances) {
                    throw new IllegalArgumentException(service.serviceName() + " needs " + instances + " ports");
                }
                ports.put(service, given);
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
            if (all.stream().anyMatch(port -> port < 1 || port > 65535)) {
                throw new IllegalArgumentException("ports must be 1 to 65535: " + config.namedPorts());
            }
            return config;
        }
    }
}
