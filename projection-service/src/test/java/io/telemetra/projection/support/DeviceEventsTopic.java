package io.telemetra.projection.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes to the embedded broker's {@code telemetra.device-events} the way command-service does. */
@TestComponent
public class DeviceEventsTopic implements AutoCloseable {

    private static final ObjectMapper JSON = WireFormat.objectMapper();

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;
    private final KafkaTemplate<String, byte[]> template;

    DeviceEventsTopic(EmbeddedKafkaBroker broker) {
        producerFactory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        template = new KafkaTemplate<>(producerFactory);
    }

    public static EventEnvelope envelope(String deviceId, long sequenceNumber, Object event) {
        String type = DeviceEventTypes.nameOf(event.getClass()).orElseThrow();
        return envelope(deviceId, sequenceNumber, type, event);
    }

    public static EventEnvelope envelope(String deviceId, long sequenceNumber, String type, Object payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), deviceId, sequenceNumber, type, "1", Instant.now(),
                Map.of("principal", "test"), JSON.valueToTree(payload));
    }

    public static DeviceRegisteredEvent registered(String deviceId) {
        return new DeviceRegisteredEvent(deviceId, "thermostat", "Boiler room " + deviceId, "plant-1",
                new GeoLocation(48.8566, 2.3522), Map.of("vendor", "acme", "floor", "-1"),
                Instant.parse("2026-01-10T08:00:00Z"));
    }

    public static DeviceCameOnlineEvent cameOnline(String deviceId, Instant at) {
        return new DeviceCameOnlineEvent(deviceId, at);
    }

    public static ReadingRecordedEvent reading(String deviceId, String metric, double value, Instant timestamp,
                                               Instant receivedAt) {
        return new ReadingRecordedEvent(deviceId, UUID.randomUUID().toString(), metric, value,
                "temperature".equals(metric) ? "Cel" : "%", timestamp, receivedAt);
    }

    public static byte[] bytes(EventEnvelope envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes keyed by device id, as the write side does, and returns the partition it landed on. */
    public int publish(EventEnvelope envelope) {
        return send(new ProducerRecord<>(Topics.DEVICE_EVENTS, envelope.aggregateId(), bytes(envelope)));
    }

    /** Publishes keyed by device id with these headers (a trace context, say). */
    public int publish(EventEnvelope envelope, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVICE_EVENTS, envelope.aggregateId(),
                bytes(envelope));
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return send(record);
    }

    /** Publishes a raw value to a given partition, to place it before or after other records in that lane. */
    public int publishRaw(int partition, String key, byte[] value) {
        return send(new ProducerRecord<>(Topics.DEVICE_EVENTS, partition, key, value));
    }

    private int send(ProducerRecord<String, byte[]> record) {
        try {
            return template.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata().partition();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producerFactory.destroy();
    }
}
