package io.telemetra.query.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes envelopes to the embedded broker's {@code telemetra.device-events} as command-service does. */
@TestComponent
public class DeviceEventsPublisher implements DisposableBean {

    private static final ObjectMapper JSON = WireFormat.objectMapper();

    private final KafkaProducer<String, byte[]> producer;

    DeviceEventsPublisher(EmbeddedKafkaBroker broker) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(String deviceId, long sequenceNumber, Object event) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), deviceId, sequenceNumber,
                DeviceEventTypes.nameOf(event.getClass()).orElseThrow(), "1", Instant.now(),
                Map.of("principal", "test"), JSON.valueToTree(event));
        try {
            producer.send(new ProducerRecord<>(Topics.DEVICE_EVENTS, deviceId, JSON.writeValueAsBytes(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException | JsonProcessingException e) {
            throw new IllegalStateException("Could not publish to " + Topics.DEVICE_EVENTS, e);
        }
    }

    @Override
    public void destroy() {
        producer.close();
    }
}
