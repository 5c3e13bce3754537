package io.telemetra.command.telemetry;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sets unprocessable telemetry records aside on {@link Topics#DEVICE_TELEMETRY_DLT}: key, value and headers as they
 * came, plus {@link DeadLetterHeaders} saying why and from where. Returns only once the broker has every one of them
 * (acks=all), so that the offsets committed after it never skip a record that is neither stored nor set aside.
 */
final class TelemetryDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(TelemetryDeadLetters.class);
    private static final int MAX_DETAIL_LENGTH = 1000;

    private final KafkaTemplate<String, byte[]> kafkaTemplate;

    TelemetryDeadLetters(KafkaTemplate<String, byte[]> kafkaTemplate) {
        this.kafkaTemplate = kafkaTemplate;
    }

    record DeadLetter(ConsumerRecord<String, byte[]> record, ErrorCode code, String detail) {
    }

    void publish(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(deadLetters.stream()
                .map(deadLetter -> kafkaTemplate.send(toProducerRecord(deadLetter)))
                .toArray(CompletableFuture[]::new)).join();
        deadLetters.forEach(deadLetter -> log.warn("Telemetry record {}-{}@{} set aside on {}: {} {}",
                deadLetter.record().topic(), deadLetter.record().partition(), deadLetter.record().offset(),
                Topics.DEVICE_TELEMETRY_DLT, deadLetter.code(), deadLetter.detail()));
    }

    private static ProducerRecord<String, byte[]> toProducerRecord(DeadLetter deadLetter) {
        ConsumerRecord<String, byte[]> original = deadLetter.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        String detail = deadLetter.detail() == null ? "" : deadLetter.detail();
        headers.add(DeadLetterHeaders.ERROR_CODE, utf8(deadLetter.code().name()));
        headers.add(DeadLetterHeaders.ERROR_DETAIL,
                utf8(detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail));
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, utf8(String.valueOf(original.partition())));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, utf8(String.valueOf(original.offset())));
        return new ProducerRecord<>(Topics.DEVICE_TELEMETRY_DLT, null, original.key(), original.value(), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
