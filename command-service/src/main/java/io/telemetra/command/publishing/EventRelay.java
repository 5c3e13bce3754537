package io.telemetra.command.publishing;

import io.telemetra.api.kafka.Topics;
import io.telemetra.command.tracing.EventTraces;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Publishes every stored event to {@link Topics#DEVICE_EVENTS}, keyed by device id, at least once and in stream order
 * per device: a loop of its own over Axon's storage engine (which reads the stored rows in bulk, gap-aware, upcast)
 * and Axon's token store (which keeps the position and the claims), without an event processor's per-event machinery.
 * <p>
 * The stream is split into segments by device, as Axon's processors split it, and each segment's token is claimed in
 * the token store: one instance publishes a segment at a time, and another takes it over once its claim runs out. The
 * loop reads from the lowest token of the segments it holds, sends the events of those segments that their tokens do
 * not cover yet, waits for every acknowledgement (acks=all, idempotent producer), and only then stores the tokens: a
 * crash or a failed send sends events again, never skips one. The stored JSON is sent as it is, inside the envelope.
 * <p>
 * Instances share the segments as the pooled processors do: each holds at most its fair share
 * ({@link MaxSegmentProvider}) and releases the surplus when another instance starts.
 */
class EventRelay implements SmartLifecycle {

    static final String NAME = RelayProperties.PROCESSOR_NAME;

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

    private final EventStorageEngine storageEngine;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final KafkaTemplate<String, byte[]> kafkaTemplate;
    private final Serializer eventSerializer;
    private final EventTraces traces;
    private final RelayProperties properties;
    private final MaxSegmentProvider fairShare;
    private final Clock clock;
    private final RelayMetrics metrics;

    private final TreeMap<Integer, Segment> held = new TreeMap<>();
    private final Map<Integer, TrackingToken> tokens = new TreeMap<>();
    private volatile boolean running;
    private Thread thread;
    private Instant nextClaim = Instant.MIN;
    private Duration backoff;

    EventRelay(EventStorageEngine storageEngine, TokenStore tokenStore, TransactionManager transactionManager,
               KafkaTemplate<String, byte[]> kafkaTemplate, Serializer eventSerializer, EventTraces traces,
               RelayProperties properties, MaxSegmentProvider fairShare, Clock clock, RelayMetrics metrics) {
        this.storageEngine = storageEngine;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.kafkaTemplate = kafkaTemplate;
        this.eventSerializer = eventSerializer;
        this.traces = traces;
        this.properties = properties;
        this.fairShare = fairShare;
        this.clock = clock;
        this.metrics = metrics;
        this.backoff = properties.retryInitial();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(properties.shutdownTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                if (!clock.instant().isBefore(nextClaim)) {
                    maintainClaims();
                }
                int read = held.isEmpty() ? 0 : relayBatch();
                backoff = properties.retryInitial();
                if (held.isEmpty()) {
                    pause(properties.claimInterval());
                } else if (read < properties.batchSize()) {
                    // Caught up: what arrives meanwhile goes out as one batch, with one token update and one commit.
                    pause(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException failure) {
                if (!running) {
                    break;
                }
                log.warn("Event relay failed, nothing it sent since its last stored tokens counts as published; "
                        + "retrying in {}: {}", backoff, failure.toString());
                forgetTokens();
                try {
                    pause(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = min(backoff.multipliedBy(2), properties.retryMax());
            }
        }
        releaseClaims();
    }

    /**
     * Creates the segments on first start (from the tail, so that the topic holds the whole history), extends the
     * claims held, releases those beyond this instance's share, and claims the segments nobody holds (their owner
     * stopped, or died and its claim ran out) up to it.
     */
    private void maintainClaims() {
        nextClaim = clock.instant().plus(properties.claimInterval());
        transactionManager.executeInTransaction(() -> {
            if (tokenStore.fetchSegments(NAME).length == 0) {
                try {
                    tokenStore.initializeTokenSegments(NAME, properties.segments(), null);
                } catch (UnableToClaimTokenException anotherInstanceWasFirst) {
                    log.debug("Another instance created the relay's segments");
                }
            }
        });
        for (Integer segmentId : List.copyOf(held.keySet())) {
            try {
                transactionManager.executeInTransaction(() -> tokenStore.extendClaim(NAME, segmentId));
            } catch (UnableToClaimTokenException lost) {
                log.warn("Event relay lost its claim on segment {}: another instance publishes it now", segmentId);
                held.remove(segmentId);
                tokens.remove(segmentId);
            }
        }
        int share = fairShare.getMaxSegments(NAME);
        while (held.size() > share) {
            release(held.lastKey());
        }
        int[] all = transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(NAME));
        for (int segmentId : all) {
            if (held.containsKey(segmentId) || held.size() >= share) {
                continue;
            }
            try {
                TrackingToken token = transactionManager.fetchInTransaction(
                        () -> tokenStore.fetchToken(NAME, segmentId));
                held.put(segmentId, Segment.computeSegment(segmentId, all));
                tokens.put(segmentId, token);
                log.info("Event relay claimed segment {} of {}", segmentId, all.length);
            } catch (UnableToClaimTokenException claimed) {
                log.debug("Segment {} is claimed by another instance", segmentId);
            }
        }
    }

    /** @return how many events it read (sent, or left to the instance that holds their segment) */
    private int relayBatch() throws InterruptedException {
        if (tokens.size() < held.size()) {
            reloadTokens();
        }
        TrackingToken from = lowest();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        TrackingToken last = null;
        int read = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = storageEngine.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> events = stream.iterator();
            while (read < properties.batchSize() && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                read++;
                last = event.trackingToken();
                if (event instanceof DomainEventMessage<?> domainEvent) {
                    Integer segmentId = heldSegmentOf(domainEvent.getAggregateIdentifier());
                    TrackingToken published = segmentId == null ? null : tokens.get(segmentId);
                    if (segmentId != null && (published == null || !published.covers(last))) {
                        sends.add(send(domainEvent));
                    }
                }
            }
        }
        if (last == null) {
            return 0;
        }
        awaitAcknowledgements(sends);
        store(last);
        metrics.published(sends.size());
        return read;
    }

    /** The held segment the device belongs to, or null when another instance publishes it. */
    private Integer heldSegmentOf(String aggregateIdentifier) {
        for (Map.Entry<Integer, Segment> segment : held.entrySet()) {
            if (segment.getValue().matches(aggregateIdentifier)) {
                return segment.getKey();
            }
        }
        return null;
    }

    private CompletableFuture<?> send(DomainEventMessage<?> event) {
        return traces.continued(event, () -> "publish " + event.getPayloadType().getSimpleName(),
                () -> kafkaTemplate.send(Topics.DEVICE_EVENTS, event.getAggregateIdentifier(),
                        EventEnvelopes.wireJson(event, eventSerializer)));
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) throws InterruptedException {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge every event of the batch", e);
        }
    }

    /** Every held segment has published everything up to {@code last}: its token moves there. */
    private void store(TrackingToken last) {
        transactionManager.executeInTransaction(() -> {
            for (Integer segmentId : held.keySet()) {
                TrackingToken current = tokens.get(segmentId);
                TrackingToken next = current == null ? last : current.upperBound(last);
                tokenStore.storeToken(next, NAME, segmentId);
                tokens.put(segmentId, next);
            }
        });
    }

    /** After a failure the stored tokens are the truth: what was sent since is sent again. */
    private void forgetTokens() {
        tokens.clear();
    }

    private void reloadTokens() {
        for (Integer segmentId : List.copyOf(held.keySet())) {
            try {
                tokens.put(segmentId, transactionManager.fetchInTransaction(() -> tokenStore.fetchToken(NAME,
                        segmentId)));
            } catch (UnableToClaimTokenException lost) {
                held.remove(segmentId);
            }
        }
    }

    /** The position to read from: the lowest of the held segments' tokens (null, the tail, if any has none). */
    private TrackingToken lowest() {
        TrackingToken lowest = null;
        boolean first = true;
        for (TrackingToken token : tokens.values()) {
            if (token == null) {
                return null;
            }
            lowest = first ? token : lowest.lowerBound(token);
            first = false;
        }
        return lowest;
    }

    private void releaseClaims() {
        for (Integer segmentId : List.copyOf(held.keySet())) {
            release(segmentId);
        }
    }

    private void release(int segmentId) {
        held.remove(segmentId);
        tokens.remove(segmentId);
        try {
            transactionManager.executeInTransaction(() -> tokenStore.releaseClaim(NAME, segmentId));
            log.info("Event relay released segment {}", segmentId);
        } catch (RuntimeException e) {
            log.info("Event relay could not release segment {}; its claim runs out: {}", segmentId, e.toString());
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
