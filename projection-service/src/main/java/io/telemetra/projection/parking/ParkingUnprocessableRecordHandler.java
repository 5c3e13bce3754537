package io.telemetra.projection.parking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.projection.event.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Logs the record with its coordinates, counts it and parks it in {@code parked_event} before the consumer moves past
 * it. Parking commits before this returns; if it fails the exception propagates and the record is redelivered, so a
 * record is never skipped without being parked.
 */
@Component
class ParkingUnprocessableRecordHandler implements UnprocessableRecordHandler {

    private static final Logger log = LoggerFactory.getLogger(ParkingUnprocessableRecordHandler.class);
    private static final int EXCERPT_LENGTH = 512;

    private final ParkedEventStore store;
    private final MeterRegistry meterRegistry;

    ParkingUnprocessableRecordHandler(ParkedEventStore store, MeterRegistry meterRegistry) {
        this.store = store;
        this.meterRegistry = meterRegistry;
        // Registered up front so that dashboards and alerts see a zero rather than no series.
        counter(ParkedEventStore.MALFORMED);
        counter(ParkedEventStore.REFUSED);
    }

    @Override
    public void handle(ConsumerRecord<?, ?> record, Exception cause) {
        ParkedEventStore.Parked parked = store.park(record, cause);
        counter(parked.reason()).increment();
        log.error("Parked unprocessable record {}-{}@{} key={} ({}): {}; value: {}", record.topic(),
                record.partition(), record.offset(), record.key(), parked.reason(), parked.detail(),
                excerpt(record.value()), cause instanceof MalformedEventException ? null : cause);
    }

    private Counter counter(String reason) {
        return Counter.builder("telemetra.projection.records.unprocessable").tag("reason", reason)
                .description("Records parked because they could not be applied").register(meterRegistry);
    }

    private static String excerpt(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH) + "...";
    }
}
