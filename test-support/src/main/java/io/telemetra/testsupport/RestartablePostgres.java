package io.telemetra.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (zonky's embedded binaries) that a test can stop and start again, on the same port and
 * the same data, to see what clients do while the database is down and after it is back. Stopping is PostgreSQL's
 * own fast shutdown: open sessions are terminated, new connections refused.
 */
public final class RestartablePostgres implements Closeable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port, EmbeddedPostgres server) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.server = server;
    }

    public static RestartablePostgres start() throws IOException {
        Path dataDirectory = Files.createTempDirectory("telemetra-test-postgres");
        EmbeddedPostgres server = builder(dataDirectory).start();
        return new RestartablePostgres(dataDirectory, server.getPort(), server);
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /** Starts the stopped server again, on its port and data. */
    public synchronized void restart() {
        if (server == null) {
            try {
                server = builder(dataDirectory).setPort(port).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int getPort() {
        return port;
    }

    public String getJdbcUrl(String userName, String dbName) {
        return "jdbc:postgresql://localhost:%d/%s?user=%s".formatted(port, dbName, userName);
    }

    public synchronized DataSource getDatabase(String userName, String dbName) {
        if (server == null) {
            throw new IllegalStateException("the server is stopped");
        }
        return server.getDatabase(userName, dbName);
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Stopped by its owner's lifecycle only: zonky's own shutdown hook would stop it while clients still drain. */
    private static EmbeddedPostgres.Builder builder(Path dataDirectory) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false);
    }
}
