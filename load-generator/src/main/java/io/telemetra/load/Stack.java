package io.telemetra.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running local stack, as its launcher recorded it (the {@code ./telemetra} command line finds it through the
 * stack's home).
 *
 * @param processes the pid of each part the CPU is accounted to: {@code launcher} (which runs the Kafka broker),
 *                  {@code postgres} and each service by name; a part that is missing is reported as unknown
 */
public record Stack(Path home, URI commandService, int postgresPort, int kafkaPort, String jwtSecret,
                    Map<String, Long> processes) {

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
}
