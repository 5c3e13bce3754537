package io.telemetra.command.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SkippingMessageSourceTest {

    record Handled(int n) {
    }

    record Reading(int n) {
    }

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void dropsTheEventsOfATypeTheProcessorNamedAndKeepsEveryOther() throws Exception {
        publish(new Handled(1), new Reading(1), new Reading(2), new Handled(2), new Reading(3), new Handled(3));

        try (BlockingStream<TrackedEventMessage<?>> stream =
                     new SkippingMessageSource(store, Duration.ofHours(1)).openStream(null)) {
            assertThat(stream.nextAvailable().getPayload()).isEqualTo(new Handled(1));
            TrackedEventMessage<?> ignored = stream.nextAvailable();
            assertThat(ignored.getPayload()).isEqualTo(new Reading(1));
            stream.skipMessagesWithPayloadTypeOf(ignored);

            assertThat(stream.peek().map(event -> (Object) event.getPayload())).contains(new Handled(2));
            assertThat(payloads(stream, 2)).containsExactly(new Handled(2), new Handled(3));
            assertThat(stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)).isFalse();

            publish(new Reading(4));
            assertThat(stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)).as("only a skipped event came").isFalse();
            publish(new Handled(4));
            assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo(new Handled(4));
        }
    }

    @Test
    void letsASkippedEventThroughOnceItIsDueSoThatTheTokenMovesOn() throws Exception {
        publish(new Reading(1), new Reading(2), new Reading(3));

        try (BlockingStream<TrackedEventMessage<?>> stream =
                     new SkippingMessageSource(store, Duration.ZERO).openStream(null)) {
            stream.skipMessagesWithPayloadTypeOf(stream.nextAvailable());

            assertThat(payloads(stream, 2)).containsExactly(new Reading(2), new Reading(3));
        }
    }

    @Test
    void dropsTheTypesNamedUpFrontBeforeTheProcessorNamesAny() throws Exception {
        publish(new Reading(1), new Handled(1), new Reading(2), new Handled(2));

        SkippingMessageSource source = new SkippingMessageSource(store, Duration.ofHours(1), Reading.class::equals);
        try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
            assertThat(payloads(stream, 2)).containsExactly(new Handled(1), new Handled(2));
            assertThat(stream.hasNextAvailable(10, TimeUnit.MILLISECONDS)).isFalse();
        }
        assertThat(source.skipsFromTheStart(Reading.class)).isTrue();
        assertThat(source.skipsFromTheStart(Handled.class)).isFalse();
    }

    private void publish(Object... payloads) {
        for (Object payload : payloads) {
            store.publish(GenericEventMessage.asEventMessage(payload));
        }
    }

    private static List<Object> payloads(BlockingStream<TrackedEventMessage<?>> stream, int count)
            throws InterruptedException {
        List<Object> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
            payloads.add(stream.nextAvailable().getPayload());
        }
        return payloads;
    }
}
