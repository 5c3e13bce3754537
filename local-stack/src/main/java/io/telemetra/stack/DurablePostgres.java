package io.telemetra.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL from zonky's binaries, configured to be crash-safe (zonky turns fsync and synchronous commit off), with a
 * data directory that outlives the process, the {@code telemetra} database and role the services use, and the
 * read-only role query-service uses.
 */
final class DurablePostgres implements AutoCloseable {

    static final String DATABASE = "telemetra";
    /** The services' own role, owner of their database but not a superuser. */
    static final String USER = "telemetra";
    /** Not checked under trust authentication; set so that clients configured with one behave as in production. */
    static final String PASSWORD = "telemetra";
    /** query-service's role: projection-service grants it SELECT on the read models as it migrates them. */
    static final String READER_USER = "telemetra_reader";
    static final String READER_PASSWORD = "telemetra_reader";

    /** Settings that must hold, checked against the running server rather than trusted from the command line. */
    private static final Map<String, String> DURABILITY = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String version;

    private DurablePostgres(EmbeddedPostgres postgres, Path dataDirectory, String version) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.version = version;
    }

    /**
     * Starts the server on {@code dataDirectory}, running initdb only when it holds no cluster yet, and creates the
     * role and database if missing. The server's own log goes to {@code log}.
     */
    static DurablePostgres start(Path dataDirectory, int port, Path log, Duration startupWait) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(startupWait)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                // zonky's initdb sets up trust authentication: never listen beyond this machine
                .setServerConfig("listen_addresses", "localhost")
                // room for the event store's write rate under the benchmark: fewer evictions, fewer checkpoints
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "2GB");
        DURABILITY.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        try {
            String version = verifyAndPrepare(postgres);
            return new DurablePostgres(postgres, dataDirectory, version);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("PostgreSQL started but could not be prepared: " + e.getMessage(), e);
        }
    }

    private static String verifyAndPrepare(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> setting : DURABILITY.entrySet()) {
                try (ResultSet rs = statement.executeQuery("SHOW " + setting.getKey())) {
                    rs.next();
                    if (!setting.getValue().equals(rs.getString(1))) {
                        throw new IllegalStateException(setting.getKey() + " is " + rs.getString(1) + ", expected "
                                + setting.getValue());
                    }
                }
            }
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", READER_USER)) {
                statement.execute("CREATE ROLE " + READER_USER + " LOGIN PASSWORD '" + READER_PASSWORD + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            try (ResultSet rs = statement.executeQuery("SHOW server_version")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    int port() {
        return postgres.getPort();
    }

    String version() {
        return version;
    }

    /** What the services connect to; batched inserts rewritten into multi-row statements for throughput. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?reWriteBatchedInserts=true";
    }

    Optional<Long> postmasterPid() {
        return postmasterPid(dataDirectory);
    }

    /** The server process recorded in the data directory, if it is still running. */
    static Optional<Long> postmasterPid(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(Processes::isRunning)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)) // not a reused pid
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops a server left running by a launcher that died without stopping it (PostgreSQL detaches from its parent,
     * so it survives).
     *
     * @return the pid of the server it stopped
     */
    static Optional<Long> stopOrphan(Path dataDirectory) {
        Optional<Long> pid = postmasterPid(dataDirectory);
        pid.flatMap(ProcessHandle::of).ifPresent(process -> {
            requestFastShutdown(process);
            Processes.awaitOrKill(process, STOP_TIMEOUT);
        });
        return pid;
    }

    /**
     * SIGINT: a fast shutdown that disconnects clients, as {@code pg_ctl stop -m fast} does. Java only sends SIGTERM,
     * a smart shutdown that would wait for every client to leave, so {@code kill} sends it; SIGTERM if that fails.
     */
    private static void requestFastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(postmaster.pid())).start();
            if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill command: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster.destroy();
    }

    /** A fast shutdown (zonky's {@code pg_ctl stop -m fast}), then makes sure the server process is really gone. */
    @Override
    public void close() throws IOException {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        postgres.close();
        // pg_ctl gives up after 5 s while a large shutdown checkpoint may still be running: wait for the server
        // itself; a kill after that is safe (crash recovery from the WAL on the next start)
        postmaster.ifPresent(process -> Processes.awaitOrKill(process, STOP_TIMEOUT));
    }
}
