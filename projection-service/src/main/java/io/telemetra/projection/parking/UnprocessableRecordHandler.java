package io.telemetra.projection.parking;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a record goes that can never be applied: a malformed one, or one the database keeps refusing. Its offset is
 * committed afterwards, so an implementation that must not lose it (a dead-letter topic, a parking table) has to store
 * it durably before returning, and throw if it cannot: the record is then redelivered.
 */
public interface UnprocessableRecordHandler {

    void handle(ConsumerRecord<?, ?> record, Exception cause);
}
