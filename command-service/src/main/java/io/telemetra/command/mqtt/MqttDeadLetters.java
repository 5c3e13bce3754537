package io.telemetra.command.mqtt;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sets MQTT readings aside on {@link Topics#DEVICE_TELEMETRY_DLT}, next to the gateways' readings: one record per MQTT
 * message that was not stored whole, keyed by the device id, its value the payload as it came, with
 * {@link DeadLetterHeaders} saying why ({@code ERROR_CODE}, {@code ERROR_DETAIL} naming each reading set aside) and
 * from where ({@code ORIGINAL_TOPIC}: the MQTT topic). Returns only once the broker has every record (acks=all), so that
 * the MQTT acknowledgement that follows never drops a message that is neither stored nor set aside.
 */
final class MqttDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(MqttDeadLetters.class);
    private static final int MAX_DETAIL_LENGTH = 1000;

    private final KafkaTemplate<String, byte[]> kafkaTemplate;

    MqttDeadLetters(KafkaTemplate<String, byte[]> kafkaTemplate) {
        this.kafkaTemplate = kafkaTemplate;
    }

    /** @param code the code of the first reading set aside, when they differ */
    record DeadLetter(String topic, String deviceId, byte[] payload, ErrorCode code, String detail) {
    }

    void publish(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(deadLetters.stream()
                .map(deadLetter -> kafkaTemplate.send(toProducerRecord(deadLetter)))
                .toArray(CompletableFuture[]::new)).join();
        deadLetters.forEach(deadLetter -> log.warn("MQTT message on {} set aside on {}: {} {}", deadLetter.topic(),
                Topics.DEVICE_TELEMETRY_DLT, deadLetter.code(), deadLetter.detail()));
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(DeadLetter deadLetter) {
        RecordHeaders headers = new RecordHeaders();
        String detail = deadLetter.detail() == null ? "" : deadLetter.detail();
        headers.add(DeadLetterHeaders.ERROR_CODE, utf8(deadLetter.code().name()));
        headers.add(DeadLetterHeaders.ERROR_DETAIL,
                utf8(detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(deadLetter.topic()));
        return new ProducerRecord<>(Topics.DEVICE_TELEMETRY_DLT, null, deadLetter.deviceId(), deadLetter.payload(),
                headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
