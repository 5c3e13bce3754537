package io.telemetra.projection.rebuild;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.retention.ReadingRetention;
import io.telemetra.projection.rollup.HourRollup;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.OtherInstance;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static io.telemetra.testsupport.Bearer.bearer;
import static io.telemetra.projection.support.DeviceEventsTopic.bytes;
import static io.telemetra.projection.support.DeviceEventsTopic.cameOnline;
import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ProjectionServiceIntegrationTest
class ReadModelRebuildIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int DEVICES = 40;
    private static final int READINGS_EACH = 48;
    /** The embedded broker's partitions of telemetra.device-events (see {@code @EmbeddedInfrastructure}). */
    private static final int PARTITIONS = 3;
    /** Bookkeeping that differs between two correct builds: when a row was written, the parking's own history. */
    private static final Map<String, Set<String>> NOT_COMPARED = Map.of(
            "device", Set.of("updated_at"),
            "parked_event", Set.of("id", "detail", "parked_at", "retries", "last_retried_at"));
    /** Where each model's last purge put the 1-minute windows' horizon: the same hour unless an hour began in between. */
    private static final String HORIZON = "reading_window_1m_horizon";
    /** The rollup's progress, which differs between two correct models until each has rolled up every hour. */
    private static final Set<String> ROLLUP_PROGRESS = Set.of("reading_window_1h", "reading_window_1h_pending");

    @Autowired
    TestRestTemplate http;
    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    ReadingRetention retention;
    @Autowired
    Flyway flyway;
    @Autowired
    HourRollup hours;

    /**
     * Queries read through a connection set up as query-service's (search path {@code readmodel}, statements prepared
     * on the server); they must never see fewer devices than before, and must read the rebuilt tables afterwards.
     * Readings published during the rebuild must all be in the switched-over models, each counted once, and those
     * models, kept up by the live consumer since, must be row for row what a rebuild of the whole history gives.
     */
    @Test
    void aRebuildWhileReadingsKeepArrivingSwitchesQueriesOverToCompleteModels() throws Exception {
        Fleet fleet = new Fleet(DEVICES);
        fleet.publishHistory(READINGS_EACH);
        fleet.awaitApplied();
        AtomicBoolean loadRunning = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            for (int i = 0; loadRunning.get(); i++) {
                fleet.publishReading(i % DEVICES);
                LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
            }
        }, "readings-during-rebuild");

        try (Connection queries = dataSource.getConnection();
             PreparedStatement countDevices = queries.prepareStatement("select count(*) from device")) {
            long devicesBefore = single(countDevices);
            long tableBefore = tableOid(queries);
            load.start();
            List<Map<String, Object>> progress;
            try {
                String rebuildId = startRebuild();
                assertProblem(rebuild(), HttpStatus.CONFLICT, "JOB_ALREADY_RUNNING");
                progress = awaitFinished(rebuildId, () -> assertThat(single(countDevices))
                        .as("devices seen by a query during the rebuild").isGreaterThanOrEqualTo(devicesBefore));
            } finally {
                loadRunning.set(false);
                load.join();
            }

            Map<String, Object> done = progress.get(progress.size() - 1);
            assertThat(done).containsEntry("state", "COMPLETED").containsEntry("phase", "DONE")
                    .containsEntry("etaSeconds", 0).containsEntry("error", null);
            assertThat(((Number) done.get("processed")).longValue())
                    .isEqualTo(((Number) done.get("total")).longValue())
                    .isGreaterThan((long) DEVICES * (READINGS_EACH + 2));
            assertThat(progress).extracting(p -> ((Number) p.get("processed")).longValue()).isSorted();
            assertThat(tableOid(queries)).as("queries read the rebuilt table").isNotEqualTo(tableBefore);
            assertThat(jdbc.queryForList("select nspname from pg_namespace where nspname like 'readmodel%'",
                    String.class)).containsExactly("readmodel");
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
            assertThat(flyway.info().pending()).isEmpty();

            fleet.awaitApplied();
            assertThat(single(countDevices)).isEqualTo(jdbc.queryForObject("select count(*) from device", Long.class));
        }
        fleet.assertEveryReadingCountedOnce();
        assertARebuildReproducesTheLiveModels();
    }

    /**
     * The live models, built record by record as events came, and the rebuilt ones are the same, row for row: alerts,
     * commands, offline devices and events held behind a parked one included.
     */
    @Test
    void aRebuildOfTheWholeHistoryReproducesEveryReadModelRowForRow() throws SQLException {
        new Fleet(10).publishHistory(20);
        for (int i = 0; i < 3; i++) {
            publishAlertsAndCommands("rebuild-" + UUID.randomUUID());
        }
        String held = "rebuild-held-" + UUID.randomUUID();
        int partition = topic.publishRaw(0, held, "{not json".getBytes(StandardCharsets.UTF_8));
        topic.publishRaw(partition, held, bytes(envelope(held, 0, registered(held))));

        Map<String, List<List<Object>>> rebuilt = assertARebuildReproducesTheLiveModels();

        assertThat(rebuilt.get("alert")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(rebuilt.get("device_command")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(jdbc.queryForList("select reason from parked_event where device_id = ? order by kafka_offset",
                String.class, held)).containsExactly("malformed", "held");
    }

    /** A device whose events the topic no longer holds would vanish from the rebuilt models: no switch-over then. */
    @Test
    void aRebuildThatWouldLoseADeviceFailsAndLeavesTheLiveModelsAsTheyWere() {
        String forgotten = "forgotten-" + UUID.randomUUID();
        jdbc.update("""
                insert into device (device_id, type, name, status, registered_at, last_sequence)
                values (?, 'thermostat', 'Registered before the topic lost its history', 'ONLINE', now(), 41)""",
                forgotten);
        try {
            long tableBefore = jdbc.queryForObject("select 'device'::regclass::oid", Long.class);

            List<Map<String, Object>> progress = awaitDone(startRebuild(), () -> { });

            Map<String, Object> failed = progress.get(progress.size() - 1);
            assertThat(failed).containsEntry("state", "FAILED");
            assertThat((String) failed.get("error")).contains(forgotten, "re-publish");
            assertThat(jdbc.queryForObject("select 'device'::regclass::oid", Long.class)).isEqualTo(tableBefore);
            assertThat(jdbc.queryForList("select nspname from pg_namespace where nspname like 'readmodel%'",
                    String.class)).containsExactly("readmodel");
        } finally {
            jdbc.update("delete from device where device_id = ?", forgotten);
        }
    }

    @Test
    void aRebuildIsRefusedWhileAnotherInstanceRunsOneAndIsForAdminsOnly() throws SQLException {
        try (Connection otherInstance = dataSource.getConnection();
             PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, ReadModelSchemas.REBUILD_LOCK);
            lock.execute();
            try {
                assertProblem(rebuild(), HttpStatus.CONFLICT, "JOB_ALREADY_RUNNING");
            } finally {
                otherInstance.createStatement().execute("select pg_advisory_unlock_all()");
            }
        }
        assertProblem(http.exchange("/api/admin/rebuild/no-such-rebuild", HttpMethod.GET,
                bearer(TestTokens.admin()), String.class), HttpStatus.NOT_FOUND, "NOT_FOUND");
        assertThat(http.exchange("/api/admin/rebuild", HttpMethod.POST, bearer(TestTokens.operator()), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /**
     * Once the live consumer has applied everything, a rebuild must leave every read-model row as it was: the answers
     * (1-hour windows as queries see them) whatever each model has rolled up yet, and every table once both have rolled
     * up every hour.
     */
    private Map<String, List<List<Object>>> assertARebuildReproducesTheLiveModels() throws SQLException {
        drain();
        retention.purge();
        Map<String, List<List<Object>>> liveAnswers = readModels(false);
        hours.rollUpAll();
        Map<String, List<List<Object>>> live = readModels(true);

        try (OtherInstance otherInstance = new OtherInstance(dataSource.getConnection())) {
            // Keeps the live rollup from running meanwhile: what is pending after the switch-over is the rebuild's.
            otherInstance.holdRollupTurn();
            awaitFinished(startRebuild(), () -> { });

            assertSameModels(liveAnswers, readModels(false));
            // The rebuild leaves the hours it replayed to the live rollup instead of rolling up all of history.
            assertThat(readModels(true).get("reading_window_1h_pending")).isNotEmpty();
        }
        hours.rollUpAll();
        Map<String, List<List<Object>>> rebuilt = readModels(true);
        assertSameModels(live, rebuilt);
        assertThat(rebuilt).containsKey("reading_window_1h");
        assertThat(rebuilt.get("reading_window_1h_pending")).isEmpty();
        return rebuilt;
    }

    private static void assertSameModels(Map<String, List<List<Object>>> live,
                                         Map<String, List<List<Object>>> rebuilt) {
        assertThat(rebuilt.keySet()).isEqualTo(live.keySet())
                .contains("device", "reading", "reading_window_1m", "reading_window_1h_exact", "alert",
                        "device_command", "parked_event");
        live.forEach((table, rows) -> assertThat(rebuilt.get(table)).as(table).containsExactlyElementsOf(rows));
    }

    /** A device with two alerts and two commands through their lifecycles, gone offline. */
    private void publishAlertsAndCommands(String id) {
        Instant t = Instant.parse("2026-03-01T12:00:00Z");
        List<Object> events = List.of(
                registered(id),
                new AlertRaisedEvent(id, "a1", "temperature", AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5, t,
                        null, "hot", t),
                new DeviceCommandIssuedEvent(id, "c1", "THROTTLE", Map.of("percent", 50), "system:alert-response",
                        "a1", t.plusSeconds(1)),
                new DeviceCommandRedeliveredEvent(id, "c1", "THROTTLE", Map.of("percent", 50), 2, t.plusSeconds(31),
                        "a1", t.plusSeconds(1)),
                new AlertEscalatedEvent(id, "a1", "no answer", t.plusSeconds(60)),
                new DeviceCommandTimedOutEvent(id, "c1", 2, t.plusSeconds(61)),
                new AlertAcknowledgedEvent(id, "a1", "op-1", "on it", t.plusSeconds(90)),
                new AlertRaisedEvent(id, "a2", "humidity", AlertKind.ANOMALY, Severity.WARNING, 12.0, t, null, "odd",
                        t.plusSeconds(100)),
                new AlertResolvedEvent(id, "a2", 40.0, "normal", t.plusSeconds(200)),
                new DeviceCommandIssuedEvent(id, "c2", "REBOOT", Map.of(), "op-1", null, t.plusSeconds(210)),
                new DeviceCommandAcknowledgedEvent(id, "c2", CommandOutcome.COMPLETED, "done", id, t.plusSeconds(220)),
                new DeviceWentOfflineEvent(id, t.plusSeconds(220), t.plusSeconds(900)));
        for (int sequence = 0; sequence < events.size(); sequence++) {
            topic.publish(envelope(id, sequence, events.get(sequence)));
        }
    }

    private ResponseEntity<String> rebuild() {
        return http.exchange("/api/admin/rebuild", HttpMethod.POST, bearer(TestTokens.admin()), String.class);
    }

    /**
     * A rebuild from the horizon replays only the readings from it on, and takes over what the earlier ones made from
     * the live models: the result is row for row the live models, for a device reporting across the horizon and for
     * one silent since before it.
     */
    @Test
    void aRebuildFromTheHorizonTakesOverWhatTheReadingsBeforeItMadeAndReproducesTheLiveModels() {
        Instant horizon = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        String across = "horizon-" + UUID.randomUUID();
        String silent = "horizon-" + UUID.randomUUID();
        for (String id : List.of(across, silent)) {
            topic.publish(envelope(id, 0, registered(id)));
            topic.publish(envelope(id, 1, cameOnline(id, horizon.minus(Duration.ofMinutes(40)))));
        }
        for (int k = 0; k < 80; k++) {
            Instant at = horizon.minus(Duration.ofMinutes(40)).plus(Duration.ofMinutes(k));
            topic.publish(envelope(across, k + 2L, new ReadingRecordedEvent(across, "a-" + k,
                    k % 2 == 0 ? "temperature" : "humidity", 20 + k * 0.1, "Cel", at, at.plusSeconds(1))));
            if (k < 20) {
                topic.publish(envelope(silent, k + 2L, new ReadingRecordedEvent(silent, "s-" + k, "temperature",
                        30 + k * 0.1, "Cel", at, at.plusSeconds(1))));
            }
        }
        await().atMost(TIMEOUT).until(() -> jdbc.queryForObject("select count(*) from device where device_id in"
                + " (?, ?) and last_sequence = case device_id when ? then 81 else 21 end", Long.class, across,
                silent, across) == 2);
        drain();
        retention.purge();
        Map<String, List<List<Object>>> liveAnswers = readModels(false);
        hours.rollUpAll();
        Map<String, List<List<Object>>> live = readModels(true);

        ResponseEntity<String> started = http.exchange("/api/admin/rebuild", HttpMethod.POST,
                new HttpEntity<>("{\"readingsFrom\": \"" + horizon.plusSeconds(90) + "\"}", jsonBearer()),
                String.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        List<Map<String, Object>> progress = awaitFinished(JsonPath.read(started.getBody(), "$.rebuildId"), () -> { });

        assertThat(progress.get(progress.size() - 1)).containsEntry("readingsFrom", horizon.toString());
        assertSameModels(liveAnswers, readModels(false));
        hours.rollUpAll();
        assertSameModels(live, readModels(true));
    }

    private static HttpHeaders jsonBearer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin());
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private String startRebuild() {
        ResponseEntity<String> started = rebuild();
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        String rebuildId = JsonPath.read(started.getBody(), "$.rebuildId");
        assertThat(started.getHeaders().getLocation()).hasToString("/api/admin/rebuild/" + rebuildId);
        return rebuildId;
    }

    /** Polls the rebuild until it completed, checking {@code meanwhile} at every poll; returns every answer. */
    private List<Map<String, Object>> awaitFinished(String rebuildId, ThrowingRunnable meanwhile) {
        List<Map<String, Object>> seen = awaitDone(rebuildId, meanwhile);
        assertThat(seen.get(seen.size() - 1)).containsEntry("state", "COMPLETED");
        return seen;
    }

    private List<Map<String, Object>> awaitDone(String rebuildId, ThrowingRunnable meanwhile) {
        List<Map<String, Object>> seen = new ArrayList<>();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            meanwhile.run();
            ResponseEntity<String> response = http.exchange("/api/admin/rebuild/" + rebuildId, HttpMethod.GET,
                    bearer(TestTokens.admin()), String.class);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            Map<String, Object> progress = JsonPath.read(response.getBody(), "$");
            seen.add(progress);
            return !"RUNNING".equals(progress.get("state"));
        });
        return seen;
    }

    /** Waits until the live consumer has applied everything published so far, on every partition. */
    private void drain() {
        List<String> markers = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String marker = "marker-" + UUID.randomUUID();
            topic.publishRaw(partition, marker, bytes(envelope(marker, 0, registered(marker))));
            markers.add(marker);
        }
        await().atMost(TIMEOUT).until(() -> jdbc.queryForObject(
                "select count(*) from device where device_id = any(?)", Long.class,
                (Object) markers.toArray(String[]::new)) == PARTITIONS);
    }

    /**
     * Every read-model table and view, each row as its values in column order, sorted; bookkeeping columns left out.
     *
     * @param rolledUp whether every hour is rolled up: else the tables of the rollup's progress are left out
     */
    private Map<String, List<List<Object>>> readModels(boolean rolledUp) {
        Map<String, List<List<Object>>> tables = new TreeMap<>();
        for (String table : jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_name <> 'flyway_schema_history'
                  and table_name not in (select relname from pg_class where relispartition)""", String.class)) {
            if (table.equals(HORIZON) || !rolledUp && ROLLUP_PROGRESS.contains(table)) {
                continue;
            }
            List<String> columns = new ArrayList<>(jdbc.queryForList("""
                    select column_name from information_schema.columns
                    where table_schema = current_schema() and table_name = ? order by ordinal_position""",
                    String.class, table));
            columns.removeAll(NOT_COMPARED.getOrDefault(table, Set.of()));
            String list = String.join(", ", columns);
            tables.put(table, jdbc.query("select " + list + " from " + table + " order by " + list, (rs, i) -> {
                List<Object> row = new ArrayList<>(columns.size());
                for (int column = 1; column <= columns.size(); column++) {
                    Object value = rs.getObject(column);
                    row.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value);
                }
                return row;
            }));
        }
        return tables;
    }

    private static long tableOid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select 'device'::regclass::oid")) {
            return single(statement);
        }
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void assertProblem(ResponseEntity<String> response, HttpStatus status, String code) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.getBody(), "$.code")).isEqualTo(code);
        assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).isNotBlank();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Devices whose events this test publishes and remembers: registration, online, then readings of two metrics whose
     * values (20.1, 20.2...) binary floating point cannot hold exactly, so that window sums added up in other batches
     * would differ if they were not exact.
     */
    private final class Fleet {

        private final List<String> ids;
        private final Map<String, List<ReadingRecordedEvent>> readings = new ConcurrentHashMap<>();
        private final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

        Fleet(int size) {
            ids = IntStream.range(0, size).mapToObj(i -> "rebuild-" + UUID.randomUUID()).toList();
            ids.forEach(id -> readings.put(id, Collections.synchronizedList(new ArrayList<>())));
        }

        void publishHistory(int readingsEach) {
            for (String id : ids) {
                topic.publish(envelope(id, 0, registered(id)));
                topic.publish(envelope(id, 1, cameOnline(id, start)));
            }
            for (int k = 0; k < readingsEach; k++) {
                for (int device = 0; device < ids.size(); device++) {
                    publishReading(device);
                }
            }
        }

        void publishReading(int device) {
            String id = ids.get(device);
            List<ReadingRecordedEvent> published = readings.get(id);
            int k = published.size();
            ReadingRecordedEvent reading = new ReadingRecordedEvent(id, id + "-" + k,
                    k % 2 == 0 ? "temperature" : "humidity", 20 + (k % 40) * 0.1, k % 2 == 0 ? "Cel" : "%",
                    start.plusSeconds(k), start.plusSeconds(k + 1));
            topic.publish(envelope(id, k + 2L, reading));
            published.add(reading);
        }

        void awaitApplied() {
            Map<String, Long> expected = new TreeMap<>();
            ids.forEach(id -> expected.put(id, readings.get(id).size() + 1L));
            await().atMost(TIMEOUT).until(() -> {
                Map<String, Long> applied = new TreeMap<>();
                jdbc.query("select device_id, last_sequence from device where device_id = any(?)",
                        rs -> {
                            applied.put(rs.getString(1), rs.getLong(2));
                        }, (Object) ids.toArray(String[]::new));
                return applied.equals(expected);
            });
        }

        void assertEveryReadingCountedOnce() {
            for (String id : ids) {
                List<ReadingRecordedEvent> published = readings.get(id);
                assertThat(jdbc.queryForObject("select count(*) from reading where device_id = ?", Long.class, id))
                        .as("raw readings of %s", id).isEqualTo(published.size());
                for (String window : List.of("reading_window_1m", "reading_window_1h_exact")) {
                    assertThat(jdbc.queryForObject("select sum(count) from " + window + " where device_id = ?",
                            Long.class, id)).as("%s of %s", window, id).isEqualTo(published.size());
                }
                Map<String, Double> latest = new LinkedHashMap<>();
                published.forEach(reading -> latest.put(reading.metric(), reading.value()));
                Map<String, Double> stored = new TreeMap<>();
                jdbc.query("select metric, value from device_latest_reading where device_id = ?",
                        rs -> {
                            stored.put(rs.getString(1), rs.getDouble(2));
                        }, id);
                assertThat(stored).as("latest readings of %s", id).isEqualTo(new TreeMap<>(latest));
                assertThat(jdbc.queryForObject("select status from device where device_id = ?", String.class, id))
                        .isEqualTo("ONLINE");
            }
        }
    }
}
