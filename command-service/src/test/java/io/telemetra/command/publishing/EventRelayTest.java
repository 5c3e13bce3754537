package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.command.WireJson;
import io.telemetra.command.tracing.EventTraces;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's protocol against a producer whose acknowledgements the test controls: tokens move only once every event
 * of a batch is acknowledged; a failed acknowledgement sends the batch again; a segment held elsewhere is left alone.
 */
class EventRelayTest {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final InMemoryEventStorageEngine store = new InMemoryEventStorageEngine();
    /** Without claims of its own, so segment 1 is refused as if another instance held it, when a test says so. */
    private final InMemoryTokenStore tokens = new InMemoryTokenStore() {
        @Override
        public TrackingToken fetchToken(String processorName, int segment) {
            if (segmentOneHeldElsewhere && segment == 1) {
                throw new UnableToClaimTokenException("segment 1 is claimed by another instance");
            }
            return super.fetchToken(processorName, segment);
        }
    };
    private volatile boolean segmentOneHeldElsewhere;
    /** This instance's share of the segments, as the instances alive decide it. */
    private final AtomicInteger fairShare = new AtomicInteger(Integer.MAX_VALUE);
    /** Kept open: the template closes its producer after every send, as it may with a pooled one. */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer()) {
                @Override
                public void close(Duration timeout) {
                }
            };
    private EventRelay relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void everyStoredEventIsSentKeyedByItsDeviceAsAnEnvelopeInStreamOrder() {
        store(event("pump-1", 0), event("pump-2", 0), event("pump-1", 1));

        start(1, 1000);
        await().until(() -> producer.history().size() == 3);
        acknowledgeEverything();

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(Topics.DEVICE_EVENTS);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("pump-1", "pump-2", "pump-1");
        assertThat(producer.history()).extracting(record -> envelope(record).sequenceNumber())
                .containsExactly(0L, 0L, 1L);
        assertThat(envelope(producer.history().get(0)).type()).isEqualTo("DeviceCameOnline");
        await().until(() -> storedIndex(0) == 2);
    }

    @Test
    void theTokenMovesOnlyOnceEveryEventOfTheBatchIsAcknowledged() {
        store(event("pump-1", 0), event("pump-1", 1));

        start(1, 1000);
        await().until(() -> producer.history().size() == 2);
        producer.completeNext();

        assertThat(storedIndex(0)).as("one of two acknowledged").isEqualTo(-1);
        producer.completeNext();
        await().until(() -> storedIndex(0) == 1);
    }

    @Test
    void aFailedAcknowledgementSendsTheBatchAgainInsteadOfSkippingIt() {
        store(event("pump-1", 0), event("pump-1", 1));

        start(1, 1000);
        await().until(() -> producer.history().size() == 2);
        producer.completeNext();
        producer.errorNext(new TimeoutException("no acknowledgement from the broker"));

        await().until(() -> producer.history().size() == 4);
        acknowledgeEverything();
        assertThat(producer.history()).extracting(record -> envelope(record).sequenceNumber())
                .containsExactly(0L, 1L, 0L, 1L);
        await().until(() -> storedIndex(0) == 1);
    }

    @Test
    void eventsAreSentInBatchesAndEachBatchMovesTheToken() {
        store(IntStream.range(0, 5).mapToObj(i -> event("pump-1", i)).toArray(GenericDomainEventMessage[]::new));

        start(1, 2);
        await().until(() -> producer.history().size() == 2);
        acknowledgeEverything();
        await().until(() -> producer.history().size() == 4);
        assertThat(storedIndex(0)).isEqualTo(1);
        acknowledgeEverything();
        await().until(() -> producer.history().size() == 5);
        acknowledgeEverything();
        await().until(() -> storedIndex(0) == 4);
    }

    @Test
    void aSegmentAnotherInstanceHoldsIsLeftToIt() {
        tokens.initializeTokenSegments(EventRelay.NAME, 2, null);
        segmentOneHeldElsewhere = true;
        List<String> devices = IntStream.range(0, 20).mapToObj(i -> "device-" + i).toList();
        store(devices.stream().map(device -> event(device, 0)).toArray(GenericDomainEventMessage[]::new));

        start(2, 1000);
        await().until(() -> acknowledgeEverything() && storedIndex(0) == 19);

        assertThat(producer.history()).extracting(ProducerRecord::key).isNotEmpty()
                .allSatisfy(key -> assertThat(key.hashCode() & 1).isZero())
                .hasSize((int) devices.stream().filter(device -> (device.hashCode() & 1) == 0).count());
    }

    @Test
    void anInstanceReleasesTheSegmentsBeyondItsShareWhenAnotherInstanceStarts() {
        List<String> devices = IntStream.range(0, 20).mapToObj(i -> "device-" + i).toList();
        store(devices.stream().map(device -> event(device, 0)).toArray(GenericDomainEventMessage[]::new));
        start(2, 1000);
        await().until(() -> acknowledgeEverything() && producer.history().size() == devices.size());

        fairShare.set(1);
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        producer.clear();
        store(devices.stream().map(device -> event(device, 1)).toArray(GenericDomainEventMessage[]::new));
        await().until(() -> acknowledgeEverything() && storedIndex(0) == 39);

        assertThat(producer.history()).extracting(ProducerRecord::key).isNotEmpty()
                .allSatisfy(key -> assertThat(key.hashCode() & 1).as("segment 0's devices only").isZero());
        assertThat(storedIndex(1)).as("segment 1 is left where it was, for the other instance").isEqualTo(19);
    }

    private void start(int segments, int batchSize) {
        RelayProperties properties = new RelayProperties(segments, batchSize,
                Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(5));
        relay = new EventRelay(store, tokens, NoTransactionManager.INSTANCE,
                new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
                JacksonSerializer.builder().objectMapper(WIRE).build(), new EventTraces(Tracer.NOOP, Propagator.NOOP),
                properties, processor -> fairShare.get(), Clock.systemUTC(), new RelayMetrics(new SimpleMeterRegistry()));
        relay.start();
    }

    private boolean acknowledgeEverything() {
        while (producer.completeNext()) {
            // every send so far is acknowledged
        }
        return true;
    }

    /** The global index the segment's stored token has reached, -1 before any. */
    private long storedIndex(int segment) {
        TrackingToken token = tokens.fetchToken(EventRelay.NAME, segment);
        return token == null ? -1 : token.position().orElse(-1);
    }

    private void store(GenericDomainEventMessage<?>... events) {
        store.appendEvents(events);
    }

    private static GenericDomainEventMessage<?> event(String deviceId, long sequenceNumber) {
        return new GenericDomainEventMessage<>("Device", deviceId, sequenceNumber,
                new DeviceCameOnlineEvent(deviceId, T0));
    }

    private static EventEnvelope envelope(ProducerRecord<String, byte[]> record) {
        return WireJson.read(record.value(), EventEnvelope.class);
    }
}
