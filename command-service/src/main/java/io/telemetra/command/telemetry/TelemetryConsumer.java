package io.telemetra.command.telemetry;

import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.telemetry.BatchReadingsAccepted;
import io.telemetra.api.telemetry.RejectedReading;
import io.telemetra.command.telemetry.TelemetryDeadLetters.DeadLetter;
import io.telemetra.command.tracing.EventTraces;
import io.telemetra.command.validation.InvalidRequestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway readings from {@link Topics#DEVICE_TELEMETRY}, a poll at a time, through the one {@link ReadingIngestion}:
 * the whole poll is stored in one transaction. The listener returns, and the container commits the poll's offsets,
 * only once every reading is stored, recognised as a duplicate, or set aside on the dead-letter topic with its reason
 * (invalid, refused by its device, conflicting with a reading stored under the same id).
 * <p>
 * A failure to store (database down) is thrown: the container retries the whole poll with back-off, without
 * committing, until it is stored. Readings already stored by an earlier attempt, or redelivered after a crash, are
 * recognised as duplicates and recorded once.
 */
class TelemetryConsumer {

    static final String LISTENER_ID = "telemetry-ingestion";
    static final String PRINCIPAL = "kafka:" + Topics.DEVICE_TELEMETRY;

    private final TelemetryRecordDecoder decoder;
    private final ReadingIngestion ingestion;
    private final TelemetryDeadLetters deadLetters;
    private final EventTraces traces;
    private final Clock clock;

    TelemetryConsumer(TelemetryRecordDecoder decoder, ReadingIngestion ingestion, TelemetryDeadLetters deadLetters,
                      EventTraces traces, Clock clock) {
        this.decoder = decoder;
        this.traces = traces;
        this.ingestion = ingestion;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.DEVICE_TELEMETRY,
            containerFactory = "telemetryListenerContainerFactory", batch = "true")
    void onPoll(List<ConsumerRecord<String, byte[]>> records) {
        Instant receivedAt = clock.instant();
        List<IngestionItem> items = new ArrayList<>(records.size());
        List<RejectedReading> undecodable = new ArrayList<>();
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, byte[]> record = records.get(index);
            try {
                items.add(new IngestionItem(index, record.key(), decoder.decode(record, receivedAt),
                        traces.contextIn(field -> header(record, field))));
            } catch (InvalidRequestException e) {
                undecodable.add(new RejectedReading(index, e.code(), e.getMessage()));
            }
        }
        BatchReadingsAccepted outcome = ingestion.ingest(Channel.KAFKA, receivedAt, items, undecodable,
                Map.of(EventMetadata.PRINCIPAL, PRINCIPAL));
        deadLetters.publish(outcome.rejected().stream()
                .map(rejected -> new DeadLetter(records.get(rejected.index()), rejected.code(), rejected.detail()))
                .toList());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
