package io.telemetra.command.publishing;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.WireJson;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What goes on the device-commands topic, against a producer whose acknowledgements the test controls. */
class DeviceCommandPublisherTest {

    private static final Instant ISSUED_AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant REDELIVERED_AT = Instant.parse("2026-03-01T12:00:30Z");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
    private final DeviceCommandPublisher publisher =
            new DeviceCommandPublisher(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)));

    @Test
    void anIssuedCommandIsItsFirstDeliveryKeyedByItsDevice() {
        CompletableFuture<Void> batch = processAsOneBatch(new DeviceCommandIssuedEvent("pump-1", "c-1", "THROTTLE",
                Map.of("percent", 50), "system:alert-response", "a-1", ISSUED_AT));
        await().until(() -> producer.history().size() == 1);
        producer.completeNext();
        batch.join();

        ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.DEVICE_COMMANDS);
        assertThat(record.key()).isEqualTo("pump-1");
        assertThat(message(record)).isEqualTo(new DeviceCommandMessage(
                "c-1", "pump-1", "THROTTLE", Map.of("percent", 50), 1, "a-1", ISSUED_AT));
    }

    @Test
    void aRedeliveryIsTheSameCommandWithItsAttempt() {
        CompletableFuture<Void> batch = processAsOneBatch(new DeviceCommandRedeliveredEvent(
                "pump-1", "c-1", "THROTTLE", Map.of("percent", 50), 3, REDELIVERED_AT, "a-1", ISSUED_AT));
        await().until(() -> producer.history().size() == 1);
        producer.completeNext();
        batch.join();

        ProducerRecord<String, byte[]> record = producer.history().get(0);
        assertThat(record.key()).isEqualTo("pump-1");
        assertThat(message(record)).isEqualTo(new DeviceCommandMessage(
                "c-1", "pump-1", "THROTTLE", Map.of("percent", 50), 3, "a-1", ISSUED_AT));
    }

    @Test
    void aRedeliveryRecordedWithoutItsIssueTimeHasItsOwnTime() {
        CompletableFuture<Void> batch = processAsOneBatch(new DeviceCommandRedeliveredEvent(
                "pump-1", "c-1", "REBOOT", Map.of(), 2, REDELIVERED_AT, null, null));
        await().until(() -> producer.history().size() == 1);
        producer.completeNext();
        batch.join();

        assertThat(message(producer.history().get(0))).isEqualTo(new DeviceCommandMessage(
                "c-1", "pump-1", "REBOOT", Map.of(), 2, null, REDELIVERED_AT));
    }

    @Test
    void anUnacknowledgedSendRollsTheBatchBackSoThatItIsRetried() {
        CompletableFuture<Void> batch = processAsOneBatch(
                new DeviceCommandIssuedEvent("pump-1", "c-1", "REBOOT", Map.of(), "operator-1", null, ISSUED_AT),
                new DeviceCommandIssuedEvent("pump-2", "c-2", "REBOOT", Map.of(), "operator-1", null, ISSUED_AT));
        await().until(() -> producer.history().size() == 2);

        producer.completeNext();
        assertThat(batch).isNotDone();
        producer.errorNext(new TimeoutException("no acknowledgement from the broker"));

        assertThatThrownBy(batch::join).hasRootCauseInstanceOf(TimeoutException.class);
    }

    /** As a streaming processor runs a batch: one unit of work, committed (with the token) after the last event. */
    private CompletableFuture<Void> processAsOneBatch(Object... payloads) {
        List<EventMessage<?>> events = Arrays.stream(payloads)
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
        return CompletableFuture.runAsync(() -> {
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
            ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
                UnitOfWork<?> current = CurrentUnitOfWork.get();
                Object payload = current.getMessage().getPayload();
                if (payload instanceof DeviceCommandIssuedEvent issued) {
                    publisher.on(issued, current);
                } else {
                    publisher.on((DeviceCommandRedeliveredEvent) payload, current);
                }
                return null;
            });
            if (result.isExceptional()) {
                throw new IllegalStateException("the batch failed", result.exceptionResult());
            }
        });
    }

    private static DeviceCommandMessage message(ProducerRecord<String, byte[]> record) {
        return WireJson.read(record.value(), DeviceCommandMessage.class);
    }
}
