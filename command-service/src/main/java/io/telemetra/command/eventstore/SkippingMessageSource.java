package io.telemetra.command.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The event store as the pooled processors read it: without the event types a processor told it it has no handler for.
 * Those processors (sagas, command publishers, the escalation notifier) handle a few event types among the readings,
 * and Axon's coordinator otherwise queues every reading to every work package, which only moves its token past it.
 * The coordinator names such a type through {@link BlockingStream#skipMessagesWithPayloadTypeOf} (as Axon Server's
 * streams use it); from then on this stream drops those events before the coordinator sees them.
 * <p>
 * One dropped event in each {@code passEvery} is let through all the same, so that the processor's token keeps moving
 * while only skipped events flow: a restart then reads again at most that much of the stream to skip it. What a
 * processor handles is never dropped: a type is skipped only once the coordinator found no handler for it at all, or
 * when the processor said up front that it has none ({@code unhandled}): Axon's saga manager answers that it can handle
 * every type, so the sagas' processor names what its sagas do not handle when it is configured.
 */
public final class SkippingMessageSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** How often a skipped event is let through when nothing else flows. */
    public static final Duration PASS_EVERY = Duration.ofSeconds(1);

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final Duration passEvery;
    private final Predicate<Class<?>> unhandled;

    public SkippingMessageSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration passEvery) {
        this(store, passEvery, type -> false);
    }

    public SkippingMessageSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration passEvery,
                                 Predicate<Class<?>> unhandled) {
        this.store = store;
        this.passEvery = passEvery;
        this.unhandled = unhandled;
    }

    /** Whether events of this type are left out from the start, before the processor names a type. */
    public boolean skipsFromTheStart(Class<?> payloadType) {
        return unhandled.test(payloadType);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SkippingStream(store.openStream(trackingToken), passEvery.toNanos(), unhandled);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    /** Used by one coordinator thread, as Axon's streams are. */
    private static final class SkippingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final long passEveryNanos;
        private final Predicate<Class<?>> unhandled;
        private final Map<Class<?>, Boolean> skipped = new HashMap<>();
        private long lastPassed = System.nanoTime();

        private SkippingStream(BlockingStream<TrackedEventMessage<?>> events, long passEveryNanos,
                               Predicate<Class<?>> unhandled) {
            this.events = events;
            this.passEveryNanos = passEveryNanos;
            this.unhandled = unhandled;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return dropSkipped();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!events.hasNextAvailable((int) Math.min(Integer.MAX_VALUE, left), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                if (dropSkipped().isPresent()) {
                    return true;
                }
                if (left == 0) {
                    return false;
                }
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            dropSkipped();
            TrackedEventMessage<?> next = events.nextAvailable();
            lastPassed = System.nanoTime();
            return next;
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            skipped.put(ignoredMessage.getPayloadType(), true);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return events.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            events.close();
        }

        /**
         * Drops skipped events at the head of the stream, unless one is due to pass.
         *
         * @return the event now at the head, if one is available
         */
        private Optional<TrackedEventMessage<?>> dropSkipped() {
            Optional<TrackedEventMessage<?>> head = events.peek();
            while (head.isPresent() && skipped.computeIfAbsent(head.get().getPayloadType(), unhandled::test)
                    && System.nanoTime() - lastPassed < passEveryNanos) {
                try {
                    events.nextAvailable();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return head;
                }
                head = events.peek();
            }
            return head;
        }
    }
}
