package io.telemetra.command.eventstore;

import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.messaging.ConflictRetry;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The partitioned event table has no unique (aggregate, sequence) key: the trigger on {@code event_stream_head} stands
 * in for it (V5__partitioned_event_store.sql). It must refuse what the key refused, in the same way (SQLSTATE 23505,
 * which Axon turns into a {@link ConcurrencyException}, or an {@link AggregateStreamCreationException} for a second
 * stream start, and which {@link ConflictRetry} retries), for the batches Axon's JDBC engine appends (one multi-row
 * INSERT per batch with {@code reWriteBatchedInserts}, as this context's URL sets), and refuse nothing else.
 */
class EventStreamHeadIT extends IntegrationTestBase {

    private static final String DUPLICATE_KEY = "23505";

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void appendsThatFollowTheHeadAreStoredInOneBatchAndMoveEachStreamsHead() {
        String first = newDeviceId();
        String second = newDeviceId();

        append(Stream.concat(events(first, 0, 3), events(second, 0, 1)).toList());
        append(events(first, 3, 7).toList());

        assertThat(storageEngine.lastSequenceNumberFor(first)).contains(6L);
        assertThat(storageEngine.lastSequenceNumberFor(second)).contains(0L);
        assertThat(stored(first)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(stored(second)).containsExactly(0L);
        assertThat(storageEngine.lastSequenceNumberFor(newDeviceId())).isEmpty();
    }

    @Test
    void aStaleWriterIsRefusedAsTheUniqueKeyRefusedIt() {
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 3).toList());

        for (long stale : new long[]{1, 2}) {
            Throwable refused = refusal(events(deviceId, stale, 3).toList());
            assertThat(refused).isInstanceOf(ConcurrencyException.class);
            assertThat(ConflictRetry.isConflict(refused)).as("retried as a lost race").isTrue();
            assertThat(sqlState(refused)).isEqualTo(DUPLICATE_KEY);
        }
        assertThat(stored(deviceId)).containsExactly(0L, 1L, 2L);
        assertThat(storageEngine.lastSequenceNumberFor(deviceId)).contains(2L);
    }

    @Test
    void aSecondStartOfAStreamIsRefusedAsADuplicateRegistration() {
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 2).toList());

        Throwable refused = refusal(events(deviceId, 0, 1).toList());

        assertThat(refused).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(ConflictRetry.isConflict(refused)).as("a second registration is no race").isFalse();
        assertThat(sqlState(refused)).isEqualTo(DUPLICATE_KEY);
        assertThat(stored(deviceId)).containsExactly(0L, 1L);
    }

    @Test
    void aNewStreamNotStartingAtZeroAndSkippedOrRepeatedSequenceNumbersAreRefused() {
        String deviceId = newDeviceId();
        String late = newDeviceId();
        append(events(deviceId, 0, 2).toList());

        assertThat(sqlState(refusal(events(late, 1, 2).toList()))).as("a new stream at 1").isEqualTo(DUPLICATE_KEY);
        assertThat(sqlState(refusal(events(deviceId, 3, 4).toList()))).as("a gap after the head")
                .isEqualTo(DUPLICATE_KEY);
        assertThat(sqlState(refusal(List.of(event(deviceId, 2), event(deviceId, 2)))))
                .as("a number repeated within one batch").isEqualTo(DUPLICATE_KEY);
        assertThat(sqlState(refusal(List.of(event(deviceId, 2), event(deviceId, 4)))))
                .as("a number skipped within one batch").isEqualTo(DUPLICATE_KEY);

        assertThat(stored(late)).isEmpty();
        assertThat(storageEngine.lastSequenceNumberFor(late)).isEmpty();
        assertThat(stored(deviceId)).containsExactly(0L, 1L);
        append(events(deviceId, 2, 3).toList());
        assertThat(stored(deviceId)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aBatchWithOneRefusedStreamStoresNothingOfItsOtherStreams() {
        String fine = newDeviceId();
        String stale = newDeviceId();
        append(Stream.concat(events(fine, 0, 1), events(stale, 0, 2)).toList());

        Throwable refused = refusal(Stream.concat(events(fine, 1, 3), events(stale, 1, 2)).toList());

        assertThat(refused).isInstanceOf(ConcurrencyException.class);
        assertThat(stored(fine)).containsExactly(0L);
        assertThat(storageEngine.lastSequenceNumberFor(fine)).contains(0L);
        assertThat(storageEngine.lastSequenceNumberFor(stale)).contains(1L);
    }

    /**
     * The second writer of a stream waits for the first one's head row; when the first commits, the second is refused;
     * had the first rolled back, the second would have gone ahead, as with the unique key.
     */
    @Test
    void twoWritersAtTheSameSequenceNumberWhileBothAreOpenExactlyOneSucceeds() throws Exception {
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 1).toList());
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = writers.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(
                    status -> {
                        storageEngine.appendEvents(List.of(event(deviceId, 1)));
                        firstAppended.countDown();
                        await(commitFirst);
                    }));
            await(firstAppended);
            Future<?> second = writers.submit(() -> new TransactionTemplate(transactionManager)
                    .executeWithoutResult(status -> storageEngine.appendEvents(List.of(event(deviceId, 1)))));
            Awaitility.await().until(this::anotherSessionWaitsForALock);
            commitFirst.countDown();

            first.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(ConcurrencyException.class);
        } finally {
            commitFirst.countDown();
            writers.shutdownNow();
        }
        assertThat(stored(deviceId)).containsExactly(0L, 1L);
    }

    @Test
    void twoConcurrentAppendersAtTheSameSequenceNumberGetExactlyOneSuccess() throws Exception {
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 1).toList());
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                long next = 1 + 2L * round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int writer = 0; writer < 2; writer++) {
                    attempts.add(writers.submit(() -> {
                        await(go);
                        try {
                            new TransactionTemplate(transactionManager).executeWithoutResult(status ->
                                    storageEngine.appendEvents(events(deviceId, next, next + 2).toList()));
                            return true;
                        } catch (ConcurrencyException lost) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                long successes = 0;
                for (Future<Boolean> attempt : attempts) {
                    successes += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(successes).as("successes at sequence number %d", next).isEqualTo(1);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(stored(deviceId)).containsExactlyElementsOf(LongStream.rangeClosed(0, 40).boxed().toList());
    }

    /**
     * Appends take turns from insert to commit ({@link AppendsInIndexOrder}): an append, even of other streams, waits
     * for the open one, so its events, drawn later, are not visible before the open one's.
     */
    @Test
    void anAppendWaitsForTheOpenOneSoThatEventsBecomeVisibleInIndexOrder() throws Exception {
        String held = newDeviceId();
        String other = newDeviceId();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            Future<?> open = writers.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(
                    status -> {
                        storageEngine.appendEvents(events(held, 0, 2).toList());
                        appended.countDown();
                        await(release);
                    }));
            await(appended);
            Future<?> next = writers.submit(() -> append(events(other, 0, 2).toList()));

            Awaitility.await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> next.isDone() || anotherSessionWaitsForALock());
            assertThat(next).as("the second append waits for the open one").isNotDone();
            assertThat(stored(other)).isEmpty();

            release.countDown();
            open.get(30, TimeUnit.SECONDS);
            next.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            writers.shutdownNow();
        }
        assertThat(stored(held)).containsExactly(0L, 1L);
        assertThat(stored(other)).containsExactly(0L, 1L);
        assertThat(jdbc.queryForObject("select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class, held)).isLessThan(jdbc.queryForObject(
                "select min(global_index) from domain_event_entry where aggregate_identifier = ?", Long.class, other));
    }

    /** Snapshots have a table of their own, with its own key: the head is the events' alone (see SnapshotLoadingIT). */
    @Test
    void aSnapshotNeitherMovesNorNeedsTheHead() {
        String deviceId = newDeviceId();
        append(events(deviceId, 0, 3).toList());

        storageEngine.storeSnapshot(event(deviceId, 1));
        storageEngine.storeSnapshot(event(deviceId, 2));

        assertThat(jdbc.queryForObject("select max(sequence_number) from snapshot_event_entry"
                + " where aggregate_identifier = ?", Long.class, deviceId)).isEqualTo(2);
        assertThat(storageEngine.lastSequenceNumberFor(deviceId)).contains(2L);
        append(events(deviceId, 3, 4).toList());
        assertThat(stored(deviceId)).containsExactly(0L, 1L, 2L, 3L);
    }

    private void append(List<DomainEventMessage<?>> events) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> storageEngine.appendEvents(events));
    }

    private Throwable refusal(List<DomainEventMessage<?>> events) {
        try {
            append(events);
        } catch (RuntimeException refused) {
            return refused;
        }
        throw new AssertionError("appending " + events.size() + " event(s) was not refused");
    }

    private static Stream<DomainEventMessage<?>> events(String deviceId, long from, long to) {
        return LongStream.range(from, to).mapToObj(sequence -> event(deviceId, sequence));
    }

    private static DomainEventMessage<?> event(String deviceId, long sequence) {
        return new GenericDomainEventMessage<>("Device", deviceId, sequence,
                new DeviceUpdatedEvent(deviceId, "name " + sequence, null, null, Map.of(), Instant.now()));
    }

    private List<Long> stored(String deviceId) {
        return jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", Long.class, deviceId);
    }

    private boolean anotherSessionWaitsForALock() {
        Integer waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and datname = current_database() and pid <> pg_backend_pid()", Integer.class);
        return waiting != null && waiting > 0;
    }

    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                SQLException next = sql.getNextException();
                return next != null && next.getSQLState() != null ? next.getSQLState() : sql.getSQLState();
            }
        }
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other writer did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
