package io.telemetra.command.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.command.tracing.EventTraces;
import io.telemetra.command.WireJson;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The acknowledgement protocol of the publisher, against a producer whose acknowledgements the test controls. */
class KafkaEventPublisherTest {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
    private final KafkaEventPublisher publisher =
            new KafkaEventPublisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
                    JacksonSerializer.builder().objectMapper(WIRE).build(),
                    new EventTraces(Tracer.NOOP, Propagator.NOOP));
    private final List<String> outcome = new CopyOnWriteArrayList<>();

    @Test
    void eachEventIsSentKeyedByItsDeviceAsAnEnvelope() {
        CompletableFuture<Void> batch = processAsOneBatch(event("pump-1", 0), event("pump-2", 0), event("pump-1", 1));
        await().until(() -> producer.history().size() == 3);
        acknowledgeAll(3);
        batch.join();

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(Topics.DEVICE_EVENTS);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("pump-1", "pump-2", "pump-1");
        assertThat(producer.history()).extracting(record -> envelope(record).sequenceNumber()).containsExactly(0L, 0L, 1L);
        assertThat(envelope(producer.history().get(0)).type()).isEqualTo("DeviceCameOnline");
    }

    @Test
    void theBatchCommitsOnlyOnceEveryEventIsAcknowledged() {
        CompletableFuture<Void> batch = processAsOneBatch(event("pump-1", 0), event("pump-1", 1));
        await().until(() -> producer.history().size() == 2);

        producer.completeNext();
        assertThat(batch).isNotDone();
        assertThat(outcome).isEmpty();

        producer.completeNext();
        batch.join();
        assertThat(outcome).containsExactly("committed");
    }

    @Test
    void aFailedAcknowledgementRollsTheBatchBackSoThatItIsRetried() {
        CompletableFuture<Void> batch = processAsOneBatch(event("pump-1", 0), event("pump-1", 1));
        await().until(() -> producer.history().size() == 2);

        producer.completeNext();
        producer.errorNext(new TimeoutException("no acknowledgement from the broker"));

        assertThatThrownBy(batch::join).hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(outcome).containsExactly("rolled back");
    }

    /** As a streaming processor runs a batch: one unit of work, committed (with the token) after the last event. */
    private CompletableFuture<Void> processAsOneBatch(DomainEventMessage<?>... events) {
        return CompletableFuture.runAsync(() -> {
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.of(events));
            unitOfWork.onCommit(committed -> outcome.add("committed"));
            unitOfWork.onRollback(rolledBack -> outcome.add("rolled back"));
            ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                publisher.publish((DomainEventMessage<?>) CurrentUnitOfWork.get().getMessage(), CurrentUnitOfWork.get());
                return null;
            });
            if (result.isExceptional()) {
                throw new IllegalStateException("the batch failed", result.exceptionResult());
            }
        });
    }

    private void acknowledgeAll(int count) {
        for (int i = 0; i < count; i++) {
            producer.completeNext();
        }
    }

    private static DomainEventMessage<?> event(String deviceId, long sequenceNumber) {
        return new GenericDomainEventMessage<>("Device", deviceId, sequenceNumber,
                new DeviceCameOnlineEvent(deviceId, Instant.parse("2026-03-01T12:00:00Z")));
    }

    private static EventEnvelope envelope(ProducerRecord<String, byte[]> record) {
        return WireJson.read(record.value(), EventEnvelope.class);
    }
}
