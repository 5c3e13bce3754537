package io.telemetra.command.publishing;

import io.telemetra.api.kafka.Topics;
import io.telemetra.command.tracing.EventTraces;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored event to {@link Topics#DEVICE_EVENTS}, keyed by device id, at least once and in stream order.
 * <p>
 * Sends are asynchronous for throughput; the batch's unit of work waits for every acknowledgement before it commits,
 * and the processor's token is stored in that same commit. A failed send therefore rolls the batch back and the
 * processor retries it from the last stored token: events may be published twice, never skipped. The producer is
 * idempotent, so its own retries neither duplicate nor reorder records within a partition.
 * <p>
 * With tracing on, each publication is a span in the trace the event was stored in, and the record carries that trace
 * in its headers ({@code traceparent}) for the consumers to continue.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
class KafkaEventPublisher {

    static final String PROCESSING_GROUP = "kafka-publisher";

    private final KafkaTemplate<String, byte[]> kafkaTemplate;
    private final Serializer eventSerializer;
    private final EventTraces traces;

    KafkaEventPublisher(KafkaTemplate<String, byte[]> eventKafkaTemplate,
                        @Qualifier("eventSerializer") Serializer eventSerializer, EventTraces traces) {
        this.kafkaTemplate = eventKafkaTemplate;
        this.eventSerializer = eventSerializer;
        this.traces = traces;
    }

    @EventHandler
    void publish(DomainEventMessage<?> event, UnitOfWork<?> unitOfWork) {
        traces.continued(event.getMetaData(), "publish " + event.getPayloadType().getSimpleName(), () -> {
            PendingSends.awaitBeforeCommit(unitOfWork, kafkaTemplate.send(Topics.DEVICE_EVENTS,
                    event.getAggregateIdentifier(), EventEnvelopes.wireJson(event, eventSerializer)));
            return null;
        });
    }
}
