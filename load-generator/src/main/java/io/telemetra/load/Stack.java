package io.telemetra.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A running local stack, as its launcher recorded it (the {@code ./telemetra} command line finds it through the
 * stack's home).
 *
 * @param commandServices every command-service instance, the first first: REST requests go round them
 * @param mqttPort        the embedded MQTT broker's port; empty when the stack runs none
 * @param processes       the pids of each part the CPU is accounted to: {@code launcher} (which runs the Kafka broker
 *                        and the MQTT broker), {@code postgres} and each service by name, every instance of it; a part
 *                        that is missing is reported as unknown
 */
public record Stack(Path home, List<URI> commandServices, int postgresPort, int kafkaPort, OptionalInt mqttPort,
                    String jwtSecret, Map<String, List<Long>> processes) {

    /** Local-stack's database, role and password (trust authentication, localhost only). */
    static final String DATABASE = "telemetra";
    static final String USER = "telemetra";
    static final String PASSWORD = "telemetra";

    public Stack {
        if (commandServices.isEmpty()) {
            throw new IllegalArgumentException("a stack has a command-service");
        }
        commandServices = List.copyOf(commandServices);
        Map<String, List<Long>> copy = new LinkedHashMap<>();
        processes.forEach((name, pids) -> copy.put(name, List.copyOf(pids)));
        processes = Collections.unmodifiableMap(copy);
    }

    /** The first command-service instance. */
    URI commandService() {
        return commandServices.get(0);
    }

    /** Like {@code ./telemetra up}'s services, the JDBC URL batches inserts into multi-row statements. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + DATABASE + "?reWriteBatchedInserts=true";
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    /** The MQTT broker's URL; the command line checks that the stack runs one before it asks for the MQTT path. */
    String mqttUrl() {
        return "tcp://localhost:" + mqttPort.orElseThrow(() -> new IllegalStateException(
                "the stack running from " + home + " runs no MQTT broker"));
    }
}
