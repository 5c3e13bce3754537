package io.telemetra.projection.rebuild;

import io.telemetra.projection.rollup.HourRollup;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The schemas of a rebuild: the live one every service reads through its search path ({@code readmodel}), the one being
 * rebuilt next to it ({@code readmodel_rebuild}) and, for a moment after the switch, the previous one
 * ({@code readmodel_retired}).
 * <p>
 * The rebuilt schema gets its tables from the same Flyway migrations as the live one, so names of tables, constraints
 * and indexes are identical, and it brings its own Flyway history. Switching over renames the two schemas in one
 * transaction: readers and writers resolve table names through {@code search_path} by schema name, so their next
 * statement uses the rebuilt tables (PostgreSQL invalidates cached plans and search paths when a schema is renamed).
 */
@Component
class ReadModelSchemas {

    enum SwitchOutcome {
        SWITCHED, LOCK_UNAVAILABLE, NOT_CAUGHT_UP
    }

    private static final String REBUILD_SUFFIX = "_rebuild";
    private static final String RETIRED_SUFFIX = "_retired";
    /** One rebuild at a time across every instance sharing the database. */
    static final long REBUILD_LOCK = 0x7465_6c65_6d65_7472L;
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** Locked first: the writers of the live tables take them in this order too, so no one waits in a cycle. */
    private static final List<String> LOCK_FIRST = List.of("parked_event", "device");
    private static final String PARKED_COLUMNS = "topic, kafka_partition, kafka_offset, record_key, record_value,"
            + " reason, detail, parked_at, retries, last_retried_at, device_id";

    private final JdbcTemplate jdbc;
    private final Flyway flyway;

    ReadModelSchemas(JdbcTemplate jdbc, Flyway flyway) {
        this.jdbc = jdbc;
        this.flyway = flyway;
    }

    /** The schema the read models live in: the first of this service's search path. */
    String live() {
        return jdbc.queryForObject("select current_schema()", String.class);
    }

    static String rebuilt(String live) {
        return live + REBUILD_SUFFIX;
    }

    static String retired(String live) {
        return live + RETIRED_SUFFIX;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A session lock, held by the connection until {@link #unlock} or until the connection ends. */
    boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, REBUILD_LOCK);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, REBUILD_LOCK);
            statement.execute();
        }
    }

    /**
     * Creates the empty rebuilt schema, after dropping what an interrupted rebuild may have left. Its parked events get
     * ids above those of the live parking, so that an id an admin saw before the rebuild does not name another event.
     * The records an admin skipped are copied over first, so that the replay skips them as the live consumer does.
     */
    void prepare(String live) {
        String rebuilt = rebuilt(live);
        jdbc.execute("drop schema if exists " + quote(rebuilt) + " cascade");
        jdbc.execute("drop schema if exists " + quote(retired(live)) + " cascade");
        jdbc.execute("create schema " + quote(rebuilt));
        Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .schemas(rebuilt)
                .defaultSchema(rebuilt)
                .createSchemas(false)
                .load()
                .migrate();
        Long nextParkedId = jdbc.queryForObject(
                "select coalesce(max(id), 0) + 1 from " + quote(live) + ".parked_event", Long.class);
        jdbc.execute("alter table " + quote(rebuilt) + ".parked_event alter column id restart with " + nextParkedId);
        jdbc.execute("insert into " + quote(rebuilt) + ".parked_event (" + PARKED_COLUMNS + ") select "
                + PARKED_COLUMNS + " from " + quote(live) + ".parked_event where reason = 'skipped' order by id");
    }

    /**
     * Drops the rebuilt schema's secondary indexes (those no write reads: not keys, not the parked events' lanes) so
     * that the replay does not maintain them row by row; {@link #createIndexes} builds them again, once, in bulk.
     *
     * @return the statements that create them
     */
    List<String> dropSecondaryIndexes(String live) {
        String rebuilt = rebuilt(live);
        List<Map<String, Object>> indexes = jdbc.queryForList("""
                select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
                from pg_index i
                join pg_class t on t.oid = i.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = ? and not i.indisunique and not t.relispartition and t.relname <> 'parked_event'
                  and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
                order by 1""", rebuilt);
        List<String> definitions = new ArrayList<>();
        for (Map<String, Object> index : indexes) {
            jdbc.execute("drop index " + index.get("name"));
            definitions.add((String) index.get("definition"));
        }
        return definitions;
    }

    void createIndexes(List<String> definitions) {
        definitions.forEach(jdbc::execute);
    }

    void dropRebuilt(String live) {
        jdbc.execute("drop schema if exists " + quote(rebuilt(live)) + " cascade");
    }

    /**
     * Switches queries and the live consumer over to the rebuilt schema, in one transaction on {@code connection}:
     * <ol>
     *   <li>locks every live table in EXCLUSIVE mode: reads go on, writers (on any instance) wait;</li>
     *   <li>runs {@code catchUp}, which must bring the rebuilt tables up to the end of the topic as it is now, so they
     *       hold everything the frozen live tables hold;</li>
     *   <li>checks that they do, device by device, and refuses to switch otherwise;</li>
     *   <li>carries over parked events the replay did not see again (records no longer in the topic);</li>
     *   <li>renames the live schema away and the rebuilt one into its place, and commits.</li>
     * </ol>
     * Writers that waited then write to the rebuilt tables. Nothing changes unless it returns {@code SWITCHED}.
     *
     * @param replayed per partition, the offsets the replay covered once caught up: [first, next)
     */
    SwitchOutcome switchOver(Connection connection, String live, Duration lockTimeout, BooleanSupplier catchUp,
                             String topic, Supplier<Map<TopicPartition, long[]>> replayed, ReadingsFrom readingsFrom)
            throws SQLException {
        String rebuilt = rebuilt(live);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout = " + lockTimeout.toMillis());
            try {
                statement.execute("lock table " + String.join(", ", liveTables(live)) + " in exclusive mode");
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    connection.rollback();
                    return SwitchOutcome.LOCK_UNAVAILABLE;
                }
                throw e;
            }
            if (!catchUp.getAsBoolean()
                    || readingsFrom != null && !readingsFrom.liveHoldsTheSkipped(connection, live)) {
                connection.rollback();
                return SwitchOutcome.NOT_CAUGHT_UP;
            }
            if (readingsFrom != null) {
                takeOverReadingsBefore(connection, live, rebuilt, readingsFrom.from());
            }
            requireEveryDeviceRebuilt(connection, live, rebuilt);
            carryOverParkedEvents(connection, live, rebuilt, topic, replayed.get());
            statement.execute("alter schema " + quote(live) + " rename to " + quote(retired(live)));
            statement.execute("alter schema " + quote(rebuilt) + " rename to " + quote(live));
            connection.commit();
            return SwitchOutcome.SWITCHED;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * What the readings before the horizon made, taken over from the frozen live model (see {@link ReadingsFrom}):
     * raw readings and windows before it (added to windows of readings the catch-up applied), latest values where
     * newer, last-seen times and sequence numbers where further.
     * <p>
     * The live 1-hour windows are taken as queries see them ({@code reading_window_1h_exact}: a pending hour from its
     * 1-minute windows). The rebuilt 1-minute windows' horizon is first moved to the live one if that is further: an
     * hour the rebuilt model would roll up from its 1-minute windows then has all of the live model's too.
     */
    private static void takeOverReadingsBefore(Connection connection, String live, String rebuilt, Instant from)
            throws SQLException {
        String l = quote(live) + ".";
        String r = quote(rebuilt) + ".";
        JdbcTemplate onSwitch = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        String liveHorizon = onSwitch.queryForObject("select hour::text from " + l + "reading_window_1m_horizon",
                String.class);
        onSwitch.execute("set local search_path to " + quote(rebuilt));
        HourRollup.raiseHorizon(onSwitch, liveHorizon);
        onSwitch.execute("set local search_path to " + quote(live));
        String windows = " on conflict (device_id, metric, window_start) do update"
                + " set count = w.count + excluded.count, min = least(w.min, excluded.min),"
                + " max = greatest(w.max, excluded.max), sum = w.sum + excluded.sum";
        try (PreparedStatement raw = connection.prepareStatement("insert into " + r + "reading select * from " + l
                + "reading where reading_timestamp < ? on conflict do nothing");
             PreparedStatement minutes = connection.prepareStatement("insert into " + r + "reading_window_1m as w"
                     + " select * from " + l + "reading_window_1m where window_start < ?" + windows);
             PreparedStatement hours = connection.prepareStatement("insert into " + r + "reading_window_1h as w"
                     + " select * from " + l + "reading_window_1h_exact where window_start < ?" + windows);
             Statement statement = connection.createStatement()) {
            for (PreparedStatement copy : List.of(raw, minutes, hours)) {
                copy.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                copy.executeUpdate();
            }
            statement.executeUpdate("insert into " + r + "device_latest_reading as n select * from " + l
                    + "device_latest_reading on conflict (device_id, metric) do update set value = excluded.value,"
                    + " unit = excluded.unit, reading_timestamp = excluded.reading_timestamp,"
                    + " reading_id = excluded.reading_id, sequence_number = excluded.sequence_number"
                    + " where (n.reading_timestamp, n.sequence_number)"
                    + " < (excluded.reading_timestamp, excluded.sequence_number)");
            statement.executeUpdate("update " + r + "device n set last_seen = greatest(n.last_seen, o.last_seen),"
                    + " last_sequence = greatest(n.last_sequence, o.last_sequence) from " + l + "device o"
                    + " where o.device_id = n.device_id");
        }
    }

    /** Drops the previous schema once readers that still use it are done; false if they took too long. */
    boolean dropRetired(Connection connection, String live, Duration lockTimeout) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local lock_timeout = " + lockTimeout.toMillis());
            statement.execute("drop schema if exists " + quote(retired(live)) + " cascade");
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private List<String> liveTables(String live) {
        List<String> tables = new ArrayList<>(jdbc.queryForList(
                "select tablename from pg_tables where schemaname = ?", String.class, live));
        tables.sort(Comparator.<String>comparingInt(table -> LOCK_FIRST.contains(table)
                ? LOCK_FIRST.indexOf(table) : LOCK_FIRST.size()).thenComparing(Comparator.naturalOrder()));
        return tables.stream().map(table -> quote(live) + "." + quote(table)).toList();
    }

    /**
     * Every device of the live model must be in the rebuilt one, at least as far along its stream. One that is not lost
     * events the topic no longer holds (retention, a topic recreated empty): switching would lose them too.
     */
    private static void requireEveryDeviceRebuilt(Connection connection, String live, String rebuilt)
            throws SQLException {
        String sql = "select o.device_id from " + quote(live) + ".device o where not exists (select 1 from "
                + quote(rebuilt) + ".device n where n.device_id = o.device_id and n.last_sequence >= o.last_sequence)";
        List<String> missing = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                missing.add(result.getString(1));
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompleteHistoryException(missing.size(), missing.subList(0, Math.min(5, missing.size())));
        }
    }

    /**
     * Parked events the replay did not see (records no longer in the topic) keep what they hold back; skips made
     * while the replay ran are taken over too.
     */
    private static void carryOverParkedEvents(Connection connection, String live, String rebuilt, String topic,
                                              Map<TopicPartition, long[]> replayed) throws SQLException {
        List<Integer> partitions = new ArrayList<>();
        List<Long> firsts = new ArrayList<>();
        List<Long> nexts = new ArrayList<>();
        replayed.forEach((partition, range) -> {
            partitions.add(partition.partition());
            firsts.add(range[0]);
            nexts.add(range[1]);
        });
        String sql = "insert into " + quote(rebuilt) + ".parked_event (" + PARKED_COLUMNS + ") select "
                + PARKED_COLUMNS + " from " + quote(live) + ".parked_event p where p.reason = 'skipped' or not exists"
                + " (select 1 from unnest(?::int[], ?::int8[], ?::int8[]) as r(part, lo, hi) where p.topic = ? and"
                + " p.kafka_partition = r.part and p.kafka_offset >= r.lo and p.kafka_offset < r.hi)"
                + " on conflict (topic, kafka_partition, kafka_offset) do nothing";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("int4", partitions.toArray()));
            statement.setArray(2, connection.createArrayOf("int8", firsts.toArray()));
            statement.setArray(3, connection.createArrayOf("int8", nexts.toArray()));
            statement.setString(4, topic);
            statement.executeUpdate();
        }
    }
}
