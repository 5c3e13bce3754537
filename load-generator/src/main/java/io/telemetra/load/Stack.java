package io.telemetra.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running local stack, as its launcher recorded it (the {@code ./telemetra} command line finds it through the
 * stack's home).
 *
 * @param commandServices every command-service instance, the first first: REST requests go round them
 * @param processes       the pids of each part the CPU is accounted to: {@code launcher} (which runs the Kafka broker),
 *                        {@code postgres} and each service by name, every instance of it; a part that is missing is
 *                        reported as unknown
 */
public record Stack(Path home, List<URI> commandServices, int postgresPort, int kafkaPort, String jwtSecret,
                    Map<String, List<Long>> processes) {

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
}
