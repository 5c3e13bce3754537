package io.telemetra.load;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * The raw ceiling: how fast the platform's own PostgreSQL takes event-store rows with no framework at all. Rows shaped
 * like Axon's {@code domain_event_entry} (the same columns, primary key, unique keys and an increment-1 sequence),
 * with ~300-byte JSON payloads, inserted by plain JDBC in batches of {@value #BATCH} per transaction over one
 * connection, into a scratch schema that is dropped afterwards.
 */
final class RawCeiling {

    static final int BATCH = 100;
    static final int PAYLOAD_BYTES = 300;
    static final String SCHEMA = "bench_scratch";
    /** Settings that make a commit durable; the ceiling means nothing without them. */
    static final List<String> DURABILITY_SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

    private static final String PAYLOAD_TYPE = "io.telemetra.api.telemetry.ReadingRecordedEvent";
    private static final String INSERT = "insert into " + SCHEMA + ".domain_event_entry (global_index,"
            + " event_identifier, aggregate_identifier, sequence_number, type, time_stamp, payload_type,"
            + " payload_revision, payload, meta_data) values (nextval('" + SCHEMA + ".domain_event_entry_seq'),"
            + " ?, ?, ?, 'Device', ?, '" + PAYLOAD_TYPE + "', '1', ?, ?)";

    record Result(long rows, double seconds, int payloadBytes, int metaDataBytes) {
        double perSecond() {
            return rows / seconds;
        }
    }

    private RawCeiling() {
    }

    /** {@code SHOW} of each durability setting, in order. */
    static Map<String, String> durability(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : DURABILITY_SETTINGS) {
                try (ResultSet rs = statement.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    static boolean durable(Map<String, String> settings) {
        return DURABILITY_SETTINGS.stream().allMatch(name -> "on".equals(settings.get(name)));
    }

    /**
     * Inserts {@code rows} rows spread over {@code devices} aggregates and drops the scratch schema again.
     *
     * @param progress told the rows inserted so far, after each transaction
     */
    static Result run(Connection connection, long rows, int devices, LongConsumer progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try {
            createScratch(connection);
            connection.setAutoCommit(false);
            long[] sequence = new long[devices];
            String[] deviceIds = Fleet.deviceIds("raw", devices).toArray(String[]::new);
            byte[] metaData = metaData();
            long start = System.nanoTime();
            long done = 0;
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                while (done < rows) {
                    int batch = (int) Math.min(BATCH, rows - done);
                    for (int i = 0; i < batch; i++) {
                        int device = (int) ((done + i) % devices);
                        Instant now = Instant.now();
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, deviceIds[device]);
                        insert.setLong(3, sequence[device]++);
                        insert.setString(4, now.toString());
                        insert.setBytes(5, payload(deviceIds[device], done + i, now));
                        insert.setBytes(6, metaData);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    done += batch;
                    progress.accept(done);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(rows, seconds, PAYLOAD_BYTES, metaData.length);
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
            dropScratch(connection);
            connection.setAutoCommit(autoCommit);
        }
    }

    /** A ReadingRecordedEvent-like JSON document, padded to exactly {@value #PAYLOAD_BYTES} bytes. */
    static byte[] payload(String deviceId, long n, Instant at) {
        String json = "{\"deviceId\":\"" + deviceId + "\",\"readingId\":\"raw-" + n + "\",\"metric\":\"temperature\","
                + "\"value\":" + (18 + n % 700 / 100.0) + ",\"unit\":\"Cel\",\"timestamp\":\"" + at
                + "\",\"receivedAt\":\"" + at + "\",\"note\":\"";
        StringBuilder padded = new StringBuilder(PAYLOAD_BYTES).append(json);
        while (padded.length() < PAYLOAD_BYTES - 2) {
            padded.append('x');
        }
        return padded.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Like the metadata Axon stores with each event: trace and correlation ids. */
    private static byte[] metaData() {
        String id = UUID.randomUUID().toString();
        return ("{\"traceId\":\"" + id + "\",\"correlationId\":\"" + id + "\",\"principal\":\"bench\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void createScratch(Connection connection) throws SQLException {
        dropScratch(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("create schema " + SCHEMA);
            statement.execute("create sequence " + SCHEMA + ".domain_event_entry_seq start with 1 increment by 1");
            statement.execute("create table " + SCHEMA + ".domain_event_entry ("
                    + " global_index bigint not null primary key,"
                    + " event_identifier varchar(255) not null unique,"
                    + " aggregate_identifier varchar(255) not null,"
                    + " sequence_number bigint not null,"
                    + " type varchar(255),"
                    + " time_stamp varchar(255) not null,"
                    + " payload_type varchar(255) not null,"
                    + " payload_revision varchar(255),"
                    + " payload bytea not null,"
                    + " meta_data bytea,"
                    + " unique (aggregate_identifier, sequence_number))");
        }
    }

    private static void dropScratch(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }
}
