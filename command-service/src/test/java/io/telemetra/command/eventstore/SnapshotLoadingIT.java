package io.telemetra.command.eventstore;

import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.device.Device;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Loading a device costs its latest snapshot plus the events after it, however long its history. */
class SnapshotLoadingIT extends IntegrationTestBase {

    private static final int READINGS = 10_000;
    private static final int BATCH = 1_000;

    @Autowired
    private EventStoreReads reads;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private Snapshotter snapshotter;

    @Autowired
    @Qualifier("snapshotExecutor")
    private ThreadPoolExecutor snapshotExecutor;

    @Autowired
    private Serializer serializer;

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private TransactionTemplate transactions;

    @Value("${telemetra.device.snapshot-threshold}")
    private int snapshotThreshold;

    @BeforeEach
    void transactions() {
        transactions = new TransactionTemplate(transactionManager);
    }

    @Test
    void aDeviceWithTenThousandReadingsIsLoadedFromItsLatestSnapshotPlusOnlyTheEventsAfterIt() {
        String deviceId = newDeviceId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        register(deviceId);
        for (int first = 0; first < READINGS; first += BATCH) {
            recordReadings(deviceId, start, first, first + BATCH);
        }
        // Axon takes one snapshot of a device at a time and skips a trigger that fires meanwhile, so on a busy machine
        // the last batch's snapshot may be missing: once the others are done, it is taken explicitly.
        awaitSnapshotsTaken();
        long head = lastSequenceNumber(deviceId);
        if (latestSnapshot(deviceId) < head) {
            snapshotter.scheduleSnapshot(Device.class, deviceId);
            awaitSnapshotsTaken();
        }
        long snapshot = latestSnapshot(deviceId);
        assertThat(snapshot).isEqualTo(head).isGreaterThan(READINGS);
        recordReadings(deviceId, start, READINGS, READINGS + 3);
        long lastStored = lastSequenceNumber(deviceId);
        assertThat(lastStored).isEqualTo(READINGS + 4);

        deviceCache.remove(deviceId);
        reads.forget(deviceId);
        recordReadings(deviceId, start, READINGS + 3, READINGS + 4);

        assertThat(reads.snapshotsRead(deviceId)).containsExactly(snapshot);
        List<EventStoreReads.StreamRead> streams = reads.streamsRead(deviceId);
        assertThat(streams).hasSize(1);
        assertThat(streams.get(0).firstSequenceNumber()).isEqualTo(snapshot + 1);
        assertThat(streams.get(0).eventsDelivered().get())
                .isEqualTo(lastStored - snapshot)
                .isLessThan(snapshotThreshold);
        assertThat(lastSequenceNumber(deviceId)).as("the reading was recorded on the loaded state")
                .isEqualTo(lastStored + 1);
    }

    @Test
    void aDevicePastTheThresholdIsSnapshottedFromTheStateItsCommandCommittedWithoutReadingItsEventsBack() {
        String deviceId = newDeviceId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        register(deviceId);
        reads.forget(deviceId);
        recordReadings(deviceId, start, 0, snapshotThreshold + 10);
        awaitSnapshotsTaken();

        assertThat(latestSnapshot(deviceId)).isEqualTo(lastSequenceNumber(deviceId));
        assertThat(reads.streamsRead(deviceId)).as("events read back for the snapshot").isEmpty();
        Device copied = snapshotState(deviceId);
        // The same history replayed by Axon's snapshotter folds to the same state.
        jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", deviceId);
        snapshotter.scheduleSnapshot(Device.class, deviceId);
        awaitSnapshotsTaken();
        assertThat(reads.streamsRead(deviceId)).hasSize(1);
        assertThat(snapshotState(deviceId)).usingRecursiveComparison().isEqualTo(copied);
    }

    @Test
    void aRefusedCommandOnADeviceLoadedFromALongHistoryLeavesASnapshotBehind() {
        String deviceId = newDeviceId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        register(deviceId);
        recordReadings(deviceId, start, 0, snapshotThreshold + 10);
        awaitSnapshotsTaken();
        jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", deviceId);
        deviceCache.remove(deviceId);

        assertThat(post("/api/devices/" + deviceId + "/alerts/no-such-alert/acknowledge", "{}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        awaitSnapshotsTaken();

        assertThat(latestSnapshot(deviceId)).isEqualTo(lastSequenceNumber(deviceId));
    }

    @Test
    void aLoadFromASnapshotReadsNoDayPartitionOlderThanTheDayBeforeTheSnapshotsDay() throws Exception {
        String deviceId = newDeviceId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        register(deviceId);
        recordReadings(deviceId, start, 0, snapshotThreshold + 10);
        awaitSnapshotsTaken();
        long snapshot = latestSnapshot(deviceId);
        assertThat(snapshot).isPositive();
        recordReadings(deviceId, start, snapshotThreshold + 10, snapshotThreshold + 13);
        long head = lastSequenceNumber(deviceId);
        LocalDate snapshotDay = LocalDate.ofInstant(Instant.parse(jdbc.queryForObject(
                "select time_stamp from snapshot_event_entry where aggregate_identifier = ?", String.class,
                deviceId)), ZoneOffset.UTC);

        try (DayPartitionLock ignored = DayPartitionLock.hold(dataSource, jdbc, snapshotDay.minusDays(2))) {
            assertThat(readStream(deviceId, snapshot + 1)).as("the events after the snapshot")
                    .containsExactlyElementsOf(LongStream.rangeClosed(snapshot + 1, head).boxed().toList());
            assertThatThrownBy(() -> readStream(deviceId, 0)).as("a read without a snapshot below it reads every day")
                    .hasStackTraceContaining("lock timeout");
        }
    }

    /** The sequence numbers of the stream from {@code first}, read by the storage engine in its own transaction. */
    private List<Long> readStream(String deviceId, long first) {
        return DayPartitionLock.read(transactions, jdbc, () -> storageEngine.readEvents(deviceId, first).asStream()
                .map(DomainEventMessage::getSequenceNumber).toList());
    }

    private Device snapshotState(String deviceId) {
        byte[] payload = jdbc.queryForObject("select payload from snapshot_event_entry where aggregate_identifier = ?"
                + " order by sequence_number desc limit 1", byte[].class, deviceId);
        return serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, Device.class.getName(),
                Device.SNAPSHOT_REVISION));
    }

    private void recordReadings(String deviceId, Instant start, int from, int to) {
        String batch = "[" + String.join(",", IntStream.range(from, to)
                .mapToObj(i -> reading("temperature", i % 100, start.plusMillis(i))).toList()) + "]";
        assertThat(post("/api/devices/" + deviceId + "/readings", batch).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
    }

    private void awaitSnapshotsTaken() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> snapshotExecutor.getCompletedTaskCount() == snapshotExecutor.getTaskCount());
    }

    private long latestSnapshot(String deviceId) {
        Long sequence = jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry "
                + "where aggregate_identifier = ?", Long.class, deviceId);
        return sequence == null ? -1 : sequence;
    }

    private long lastSequenceNumber(String deviceId) {
        return jdbc.queryForObject("select max(sequence_number) from domain_event_entry where aggregate_identifier = ?",
                Long.class, deviceId);
    }
}
