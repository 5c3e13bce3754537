package io.telemetra.command.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.admin.ArchiveProgress;
import io.telemetra.api.admin.JobState;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.device.Device;
import io.telemetra.testsupport.TestTokens;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Archiving a period changes no answer: a device's history (whole, by type, by period), its state as of any instant
 * and its aggregate (loaded from its snapshot, or from its events alone) are the same before and after its reading
 * events left the event store; and an archive stopped at any step (as a kill would) loses nothing and is resumed.
 * <p>
 * The archive takes whole days stored before its horizon (30 days), so each test moves its device's events back to a
 * day of its own, long ago (an UPDATE of their stored time routes them into that day's partition).
 */
class ArchiveIT extends IntegrationTestBase {

    private static final String READING = "io.telemetra.api.telemetry.ReadingRecordedEvent";
    /** Each device gets its own day in the past: no two tests share a partition. */
    private static final AtomicInteger DAYS_BACK = new AtomicInteger(4000);

    @Autowired
    private Archiver archiver;

    @Autowired
    private ArchiveTrap trap;

    @Autowired
    private ArchiveStore store;

    @Autowired
    private Configuration axon;

    @Autowired
    private Serializer serializer;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    @Qualifier("eventRelay")
    private SmartLifecycle eventRelay;

    @Test
    void historyStateAndAggregateAnswerTheSameAfterTheReadingsWereArchived() {
        String deviceId = deviceWithHistory();
        String partition = moveBack(deviceId);
        Map<String, String> before = answers(deviceId);

        ArchiveProgress progress = archive();

        assertThat(progress.state()).isEqualTo(JobState.COMPLETED);
        assertThat(progress.moved()).anySatisfy(segment -> {
            assertThat(segment.partition()).isEqualTo(partition);
            assertThat(segment.events()).isEqualTo(1200);
        });
        assertArchived(deviceId, partition);
        assertThat(answers(deviceId)).isEqualTo(before);
    }

    @Test
    void anArchiveStoppedAtAnyStepLosesNothingAndTheNextRunFinishesIt() {
        for (ArchiveCheckpoints.Step step : ArchiveCheckpoints.Step.values()) {
            String deviceId = deviceWithHistory();
            String partition = moveBack(deviceId);
            Map<String, String> before = answers(deviceId);

            trap.killAt(step);
            assertThatThrownBy(this::archive).as("stopped at %s", step).isInstanceOf(ArchiveTrap.Killed.class);

            assertThat(answers(deviceId)).as("answers after a stop at %s", step).isEqualTo(before);
            ArchiveProgress resumed = archive();
            assertThat(resumed.state()).as("the run after a stop at %s", step).isEqualTo(JobState.COMPLETED);
            assertArchived(deviceId, partition);
            assertThat(answers(deviceId)).as("answers once archived after a stop at %s", step).isEqualTo(before);
        }
    }

    @Test
    void aReadingRecordedAfterTheArchiveContinuesTheStreamFromItsArchivedState() {
        String deviceId = deviceWithHistory();
        String partition = moveBack(deviceId);
        Instant start = start(deviceId);
        archive();
        assertArchived(deviceId, partition);
        jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", deviceId);
        deviceCache.remove(deviceId);
        long head = jdbc.queryForObject("select sequence_number from event_stream_head where aggregate_identifier = ?",
                Long.class, deviceId);

        // The same reading id and content as one archived a moment (of its own time) ago: a duplicate only if the
        // device's remembered ids were rebuilt from the archived events.
        ResponseEntity<String> repeat = post("/api/devices/" + deviceId + "/readings", """
                [{"readingId": "r-%d", "metric": "temperature", "value": %d, "unit": "Cel", "timestamp": "%s"}]"""
                .formatted(1199, 1199 % 50, start.plusMillis(1199)));
        // Still above the rule's maximum, whose alert is open: a reading and nothing else.
        ResponseEntity<String> fresh = post("/api/devices/" + deviceId + "/readings",
                reading("temperature", 46, Instant.now().truncatedTo(ChronoUnit.MILLIS)));

        assertThat(repeat.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(repeat.getBody()).path("duplicates").asInt()).isEqualTo(1);
        assertThat(fresh.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(jdbc.queryForObject("select max(sequence_number) from domain_event_entry"
                + " where aggregate_identifier = ?", Long.class, deviceId)).isEqualTo(head + 1);
    }

    @Test
    void aStaleWriterIsRefusedEvenWhenTheEventItWouldOverwriteLivesInAnotherPartition() {
        String deviceId = deviceWithHistory();
        moveBack(deviceId);
        long reused = jdbc.queryForObject("select min(sequence_number) from domain_event_entry"
                + " where aggregate_identifier = ? and payload_type = ?", Long.class, deviceId, READING);

        assertThatThrownBy(() -> jdbc.update("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload)
                values (gen_random_uuid()::text, ?, ?, 'Device', ?, ?, '{}'::bytea)""", deviceId, reused,
                Instant.now().toString(), READING))
                .hasMessageContaining("event_stream_head_pkey");
    }

    /** A device never snapshotted replays its whole stream first: the phase counts the devices done. */
    @Test
    void anArchiveTakingSnapshotsShowsHowManyDevicesHaveTheirs() throws InterruptedException {
        String deviceId = deviceWithHistory();
        String partition = moveBack(deviceId);
        jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", deviceId);
        await().atMost(Duration.ofMinutes(2)).until(this::relayHasPublishedEverythingStored);

        String job;
        try (ArchiveTrap.Pause pause = trap.pauseAt(ArchiveCheckpoints.Step.SNAPSHOTS_TAKEN, partition)) {
            // The schedule's first run may still hold the lock just after start-up.
            job = await().atMost(Duration.ofMinutes(1)).until(
                    () -> post("/api/admin/archive", null, TestTokens.admin()),
                    started -> started.getStatusCode() == HttpStatus.ACCEPTED).getHeaders().getLocation().toString();
            pause.awaitReached(Duration.ofMinutes(2));

            assertThat(progress(job).path("phase").asText())
                    .matches("SNAPSHOTS " + partition + ": (\\d+) of \\1 devices");
        }
        JsonNode done = await().atMost(Duration.ofMinutes(2)).until(() -> progress(job),
                answer -> !answer.path("state").asText().equals("RUNNING"));
        assertThat(done.path("moved").findValuesAsText("partition")).contains(partition);
        assertArchived(deviceId, partition);
    }

    private JsonNode progress(String job) {
        return json(exchange(HttpMethod.GET, job, null, TestTokens.admin()).getBody());
    }

    /** A partition the event relay has not published yet stays in the event store until it has. */
    @Test
    void aPartitionTheEventRelayHasNotPublishedYetStaysUntilItHas() {
        String deviceId;
        String partition;
        Map<String, String> before;
        eventRelay.stop();
        try {
            deviceId = deviceWithHistory();
            partition = moveBack(deviceId);
            before = answers(deviceId);

            ArchiveProgress progress = runNow();

            assertThat(progress.state()).isEqualTo(JobState.COMPLETED);
            assertThat(progress.moved()).noneSatisfy(segment -> assertThat(segment.partition()).isEqualTo(partition));
            assertThat(jdbc.queryForObject("select count(*) from " + partition, Long.class)).isEqualTo(1200);
        } finally {
            eventRelay.start();
        }

        assertThat(archive().moved()).anySatisfy(segment -> assertThat(segment.partition()).isEqualTo(partition));
        assertArchived(deviceId, partition);
        assertThat(answers(deviceId)).isEqualTo(before);
    }

    /** Archives once the event relay has published what is stored (else nothing would be dropped). */
    private ArchiveProgress archive() {
        await().atMost(Duration.ofMinutes(2)).until(this::relayHasPublishedEverythingStored);
        return runNow();
    }

    /** Every relay token past the last stored event, and none of its gaps a stored event. */
    private boolean relayHasPublishedEverythingStored() {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select count(*) > 0 and bool_and(
                    (convert_from(t.token, 'UTF8')::jsonb ->> 'index')::bigint
                        >= (select max(global_index) from domain_event_entry)
                    and not exists (select 1 from domain_event_entry e
                                    where e.global_index in (select g::bigint from jsonb_array_elements_text(
                                        convert_from(t.token, 'UTF8')::jsonb -> 'gaps') g)))
                from token_entry t where t.processor_name = 'kafka-publisher'""", Boolean.class));
    }

    private ArchiveProgress runNow() {
        Optional<ArchiveProgress> progress = Optional.empty();
        // The schedule's first run may still hold the lock just after start-up.
        for (int attempt = 0; attempt < 100 && progress.isEmpty(); attempt++) {
            progress = archiver.runNow();
            if (progress.isEmpty()) {
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
        return progress.orElseThrow();
    }

    /** A device with 1,200 readings in three requests, renamed and given rules between them. */
    private String deviceWithHistory() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(2));
        // More readings in a row than the event store reads in a batch: once archived, the hot events skip them.
        post("/api/devices/" + deviceId + "/readings", readings(0, 600, start));
        exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, "{\"name\": \"Renamed\"}", TestTokens.operator());
        post("/api/devices/" + deviceId + "/readings", readings(600, 800, start));
        exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules", """
                {"rules": [{"metric": "temperature", "max": 45, "hysteresis": 1, "severity": "WARNING"}]}""",
                TestTokens.operator());
        assertThat(post("/api/devices/" + deviceId + "/readings", readings(800, 1200, start)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        return deviceId;
    }

    private static String readings(int from, int to, Instant start) {
        return "[" + String.join(",", IntStream.range(from, to).mapToObj(i -> """
                {"readingId": "r-%d", "metric": "temperature", "value": %d, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(i, i % 50, start.plusMillis(i))).toList()) + "]";
    }

    private Instant start(String deviceId) {
        return Instant.parse(jdbc.queryForObject("select min(convert_from(payload, 'UTF8')::jsonb ->> 'timestamp')"
                + " from domain_event_entry where aggregate_identifier = ? and payload_type = ?", String.class,
                deviceId, READING));
    }

    /**
     * Moves every event of the device back by whole days, to a day no other device uses, and its snapshots with them
     * (a snapshot is written after the events it covers, which loads rely on), and returns the name of the partition
     * its readings then live in.
     */
    private String moveBack(String deviceId) {
        int days = DAYS_BACK.getAndAdd(3);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        jdbc.queryForObject("select ensure_reading_event_partitions(?, ?)", Integer.class,
                today.minusDays(days + 1L), today.minusDays(days - 1L));
        for (String table : List.of("domain_event_entry", "snapshot_event_entry")) {
            jdbc.update("update " + table + """
                     set time_stamp = to_char((time_stamp::timestamptz - make_interval(days => ?)) at time zone 'UTC',
                                              'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                    where aggregate_identifier = ?""", days, deviceId);
        }
        List<String> partitions = jdbc.queryForList("select distinct tableoid::regclass::text from domain_event_entry"
                + " where aggregate_identifier = ? and payload_type = ?", String.class, deviceId, READING);
        assertThat(partitions).as("the readings of a device stored within two hours").hasSize(1);
        assertThat(partitions.get(0)).startsWith("domain_event_entry_r");
        return partitions.get(0);
    }

    private void assertArchived(String deviceId, String partition) {
        assertThat(jdbc.queryForObject("select to_regclass(?) is null", Boolean.class, partition)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type = ?", Long.class, deviceId, READING)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, deviceId)).as("its other events stay").isPositive();
        assertThat(jdbc.queryForObject("select state from archive_segment where partition_name = ?", String.class,
                partition)).isEqualTo("DROPPED");
        assertThat(jdbc.queryForObject("select events from archive_stream where partition_name = ?"
                + " and aggregate_identifier = ?", Integer.class, partition, deviceId)).isEqualTo(1200);
        try {
            assertThat(store.exists(SegmentFile.fileName(partition))).isTrue();
            assertThat(store.exists(SegmentFile.manifestName(partition))).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the device answers: its history whole (page by page), by type and over a period, its state as of several
     * instants, and its aggregate loaded from its snapshot and from its events alone.
     */
    private Map<String, String> answers(String deviceId) {
        Map<String, String> answers = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = json(history(deviceId, "page=" + page + "&size=170").getBody());
            body.path("content").forEach(all::add);
            if (body.path("content").isEmpty()) {
                answers.put("total", body.path("page").path("totalElements").asText());
                break;
            }
        }
        answers.put("history", all.toString());
        answers.put("readings", history(deviceId, "type=ReadingRecorded&page=2&size=100").getBody());
        List<Instant> stored = all.stream().map(entry -> Instant.parse(entry.path("timestamp").asText())).toList();
        Instant first = stored.get(0);
        Instant last = stored.get(stored.size() - 1);
        Instant middle = first.plus(Duration.between(first, last).dividedBy(2));
        Instant quarter = first.plus(Duration.between(first, last).dividedBy(4));
        answers.put("period", history(deviceId, "from=" + quarter + "&to=" + middle + "&size=500").getBody());
        answers.put("events " + all.size(), String.valueOf(all.size()));
        for (Instant at : List.of(first, quarter, middle, last, last.plusSeconds(1))) {
            answers.put("state " + at, exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state?asOf=" + at, null,
                    TestTokens.auditor()).getBody());
        }
        answers.put("aggregate from its snapshot", aggregate(deviceId, false));
        answers.put("aggregate from its events", aggregate(deviceId, true));
        return answers;
    }

    private ResponseEntity<String> history(String deviceId, String query) {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/history?" + query,
                null, TestTokens.auditor());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response;
    }

    /** The device as its repository loads it (not from the cache), serialized as a snapshot would be. */
    private String aggregate(String deviceId, boolean withoutSnapshot) {
        if (withoutSnapshot) {
            jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", deviceId);
        }
        deviceCache.remove(deviceId);
        Repository<Device> repository = axon.repository(Device.class);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return repository.load(deviceId).invoke(device -> serializer.serialize(device, String.class).getData());
        } finally {
            unitOfWork.rollback(); // no snapshot is taken: the next load reads the same way
        }
    }
}
