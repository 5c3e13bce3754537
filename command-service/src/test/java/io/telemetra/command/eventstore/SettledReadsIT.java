package io.telemetra.command.eventstore;

import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.command.IntegrationTestBase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracked read waits for a transaction that inserted events and is still committing, rather than read the events
 * inserted after them and track theirs as gaps; a hole that outlasts the wait is read past and tracked as a gap, and
 * its events are still delivered once they commit.
 */
class SettledReadsIT extends IntegrationTestBase {

    @Autowired
    private EventStorageEngine storageEngine;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final CountDownLatch inserted = new CountDownLatch(1);
    private final CountDownLatch commit = new CountDownLatch(1);

    @AfterEach
    void stopWriter() {
        commit.countDown();
        writer.shutdownNow();
    }

    @Test
    void aReaderWaitsForATransactionStillCommittingInsteadOfSkippingItsEvents() throws Exception {
        String slow = newDeviceId();
        String fast = newDeviceId();
        long before = appendCommitted(event(slow, 0, Instant.now()));
        Future<?> open = appendAndHoldOpen(event(slow, 1, Instant.now()));
        // Created a minute ahead, the event after the hole stays fresh however slow this machine is.
        appendCommitted(event(fast, 0, Instant.now().plus(Duration.ofMinutes(1))));

        assertThat(read(before)).extracting(TrackedEventMessage::getIdentifier).doesNotContain(id(fast, 0));

        commit.countDown();
        open.get(30, TimeUnit.SECONDS);
        List<? extends TrackedEventMessage<?>> afterCommit = read(before);
        assertThat(afterCommit).extracting(TrackedEventMessage::getIdentifier).contains(id(slow, 1), id(fast, 0));
        assertThat(((GapAwareTrackingToken) afterCommit.get(afterCommit.size() - 1).trackingToken()).getGaps())
                .as("no gap was tracked").isEmpty();
    }

    @Test
    void aHoleOlderThanTheWaitIsReadPastAsAGapAndItsEventsStillArrive() throws Exception {
        String slow = newDeviceId();
        String fast = newDeviceId();
        long before = appendCommitted(event(slow, 0, Instant.now()));
        DomainEventMessage<?> late = event(slow, 1, Instant.now());
        Future<?> open = appendAndHoldOpen(late);
        // Older than the wait, younger than Axon's gap timeout (an event older than that leaves no gap before it).
        appendCommitted(event(fast, 0, Instant.now().minus(Duration.ofSeconds(5))));

        List<? extends TrackedEventMessage<?>> past = read(before);
        assertThat(past).extracting(TrackedEventMessage::getIdentifier).contains(id(fast, 0))
                .doesNotContain(id(slow, 1));
        GapAwareTrackingToken afterHole = (GapAwareTrackingToken) past.get(past.size() - 1).trackingToken();

        commit.countDown();
        open.get(30, TimeUnit.SECONDS);
        assertThat(afterHole.getGaps()).contains(globalIndexOf(late));
        assertThat(read(afterHole)).extracting(TrackedEventMessage::getIdentifier).contains(id(slow, 1));
    }

    /** Appends in a transaction of its own and answers the global index of the event. */
    private long appendCommitted(DomainEventMessage<?> event) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> storageEngine.appendEvents(event));
        return globalIndexOf(event);
    }

    /** Appends in a transaction that stays open until {@link #commit} opens; returns once the insert is done. */
    private Future<?> appendAndHoldOpen(DomainEventMessage<?> event) throws InterruptedException {
        Future<?> open = writer.submit(() -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            storageEngine.appendEvents(event);
            inserted.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }));
        assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
        return open;
    }

    private List<? extends TrackedEventMessage<?>> read(long after) {
        return read(GapAwareTrackingToken.newInstance(after, List.of()));
    }

    private List<? extends TrackedEventMessage<?>> read(GapAwareTrackingToken after) {
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(after, false)) {
            return events.toList();
        }
    }

    private long globalIndexOf(DomainEventMessage<?> event) {
        return jdbc.queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                Long.class, event.getIdentifier());
    }

    private static DomainEventMessage<?> event(String deviceId, long sequence, Instant createdAt) {
        return new GenericDomainEventMessage<>("Device", deviceId, sequence,
                new DeviceUpdatedEvent(deviceId, "name " + sequence, null, null, Map.of(), createdAt),
                MetaData.emptyInstance(), id(deviceId, sequence), createdAt);
    }

    private static String id(String deviceId, long sequence) {
        return UUID.nameUUIDFromBytes((deviceId + "/" + sequence).getBytes()).toString();
    }
}
