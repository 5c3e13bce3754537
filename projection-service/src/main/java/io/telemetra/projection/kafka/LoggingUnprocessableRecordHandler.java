package io.telemetra.projection.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Logs and counts the record, then lets the consumer move past it. The events stay in the write side's event store, so
 * a rebuild or re-publication can still apply them once the cause is fixed; a dead-letter topic replaces this later.
 */
@Component
class LoggingUnprocessableRecordHandler implements UnprocessableRecordHandler {

    private static final Logger log = LoggerFactory.getLogger(LoggingUnprocessableRecordHandler.class);
    private static final int EXCERPT_LENGTH = 512;

    private final MeterRegistry meterRegistry;

    LoggingUnprocessableRecordHandler(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
        // Registered up front so that dashboards and alerts see a zero rather than no series.
        counter("malformed");
        counter("refused");
    }

    @Override
    public void handle(ConsumerRecord<?, ?> record, Exception cause) {
        String reason = cause instanceof MalformedEventException ? "malformed" : "refused";
        counter(reason).increment();
        log.error("Skipping unprocessable record {}-{}@{} key={} ({}): {}; value: {}", record.topic(),
                record.partition(), record.offset(), record.key(), reason,
                NestedExceptionUtils.getMostSpecificCause(cause).getMessage(), excerpt(record.value()),
                cause instanceof MalformedEventException ? null : cause);
    }

    private Counter counter(String reason) {
        return Counter.builder("telemetra.projection.records.unprocessable").tag("reason", reason)
                .description("Records skipped because they can never be applied").register(meterRegistry);
    }

    private static String excerpt(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH) + "...";
    }
}
