package io.telemetra.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A running local stack, as its launcher recorded it (the {@code ./telemetra} command line finds it through the
 * stack's home).
 *
 * @param mqttPort  the embedded MQTT broker's port; empty when the stack runs none
 * @param processes the pid of each part the CPU is accounted to: {@code launcher} (which runs the Kafka broker and
 *                  the MQTT broker), {@code postgres} and each service by name; a part that is missing is reported as
 *                  unknown
 */
public record Stack(Path home, URI commandService, int postgresPort, int kafkaPort, OptionalInt mqttPort,
                    String jwtSecret, Map<String, Long> processes) {

    /** Local-stack's database, role and password (trust authentication, localhost only). */
    static final String DATABASE = "telemetra";
    static final String USER = "telemetra";
    static final String PASSWORD = "telemetra";

    public Stack {
        processes = Map.copyOf(processes);
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
