package io.telemetra.command.telemetry;

import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.device.CommandRefusal;
import io.telemetra.command.telemetry.TelemetryDeadLetters.DeadLetter;
import io.telemetra.command.validation.InvalidRequestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gateway readings from {@link Topics#DEVICE_TELEMETRY}, a poll at a time: the poll's readings are grouped by device,
 * each device's go into one command, in offset order, and the whole poll is stored in one transaction. The listener returns, and the container commits the poll's offsets, only once every reading is stored or set
 * aside on the dead-letter topic with its reason.
 * <p>
 * A failure to store (database down) is thrown: the container retries the whole poll with back-off, without
 * committing, until it is stored. Readings already stored by an earlier attempt, or redelivered after a crash, are
 * recognised by their ids and recorded once.
 */
class TelemetryConsumer {

    static final String LISTENER_ID = "telemetry-ingestion";
    static final String PRINCIPAL = "kafka:" + Topics.DEVICE_TELEMETRY;

    private final TelemetryRecordDecoder decoder;
    private final ReadingsDispatcher dispatcher;
    private final TelemetryDeadLetters deadLetters;
    private final IngestionMetrics metrics;
    private final Clock clock;

    TelemetryConsumer(TelemetryRecordDecoder decoder, ReadingsDispatcher dispatcher, TelemetryDeadLetters deadLetters,
                      IngestionMetrics metrics, Clock clock) {
        this.decoder = decoder;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.DEVICE_TELEMETRY,
            containerFactory = "telemetryListenerContainerFactory", batch = "true")
    void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        Instant receivedAt = clock.instant();
        Map<String, List<ConsumerRecord<String, byte[]>>> recordsByDevice = new LinkedHashMap<>();
        Map<String, List<Reading>> readingsByDevice = new LinkedHashMap<>();
        List<DeadLetter> unprocessable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Reading reading = decoder.decode(record, receivedAt);
                recordsByDevice.computeIfAbsent(record.key(), device -> new ArrayList<>()).add(record);
                readingsByDevice.computeIfAbsent(record.key(), device -> new ArrayList<>()).add(reading);
            } catch (InvalidRequestException e) {
                unprocessable.add(new DeadLetter(record, e.code(), e.getMessage()));
            }
        }
        Map<String, CommandRefusal> refusals = dispatcher.dispatch(readingsByDevice.entrySet().stream()
                .map(device -> new RecordReadingsCommand(device.getKey(), device.getValue(), receivedAt))
                .toList(), Map.of(EventMetadata.PRINCIPAL, PRINCIPAL));
        refusals.forEach((deviceId, refusal) -> recordsByDevice.get(deviceId).forEach(
                record -> unprocessable.add(new DeadLetter(record, refusal.code(), refusal.detail()))));
        deadLetters.publish(unprocessable);
        metrics.accepted(records.size() - unprocessable.size());
        unprocessable.forEach(deadLetter -> metrics.rejected(deadLetter.code()));
    }
}
