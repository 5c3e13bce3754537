package io.telemetra.projection.kafka;

import io.telemetra.api.kafka.Topics;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.event.DeviceEventDecoder;
import io.telemetra.projection.event.MalformedEventException;
import io.telemetra.projection.parking.DeviceLanes;
import io.telemetra.projection.parking.UnprocessableRecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies each poll of {@code telemetra.device-events} to the read model in one transaction; the container commits the
 * offsets after this method returns, so a crash in between only causes a redelivery, which changes nothing.
 *
 * <p>A device that has a parked record has its later records parked behind it rather than applied ({@link DeviceLanes}),
 * so that its events are applied in order or not at all; other devices go on.
 * <p>Failures, by kind:
 * <ul>
 *   <li>a record that cannot be decoded is handed to the {@link UnprocessableRecordHandler} and the batch goes on;</li>
 *   <li>a batch the database refuses for its content is re-applied one event per transaction to find the record at
 *       fault, which is reported as a {@link BatchListenerFailedException}: the error handler commits what precedes it,
 *       retries it a few times and then hands it to the {@link UnprocessableRecordHandler};</li>
 *   <li>anything else (database or network down) propagates: the error handler retries the batch until it succeeds and
 *       nothing is skipped.</li>
 * </ul>
 */
@Component
class DeviceEventsListener {

    static final String LISTENER_ID = "device-events-projection";
    private static final Logger log = LoggerFactory.getLogger(DeviceEventsListener.class);

    private final DeviceEventDecoder decoder;
    private final DeviceLanes lanes;
    private final UnprocessableRecordHandler unprocessable;
    private final ProjectionMetrics metrics;
    private final RecordTraces traces;
    private final Set<String> reportedUnknownTypes = ConcurrentHashMap.newKeySet();

    DeviceEventsListener(DeviceEventDecoder decoder, DeviceLanes lanes, UnprocessableRecordHandler unprocessable,
                         ProjectionMetrics metrics, RecordTraces traces) {
        this.decoder = decoder;
        this.lanes = lanes;
        this.unprocessable = unprocessable;
        this.metrics = metrics;
        this.traces = traces;
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = Topics.DEVICE_EVENTS, batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        traces.around(records, () -> project(records));
    }

    private void project(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        List<DeviceEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(decoder.decode(record.value()));
                sources.add(record);
            } catch (MalformedEventException e) {
                unprocessable.handle(record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            committed(metrics.batchTimer().record(() -> lanes.apply(sources, events)));
        } catch (DataIntegrityViolationException e) {
            log.warn("The database refused a batch of {} events ({}); applying them one at a time to isolate the cause",
                    events.size(), e.getMostSpecificCause().getMessage());
            applyOneAtATime(sources, events);
        }
    }

    private void applyOneAtATime(List<ConsumerRecord<String, byte[]>> sources, List<DeviceEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            try {
                committed(lanes.apply(List.of(sources.get(i)), List.of(events.get(i))));
            } catch (DataIntegrityViolationException e) {
                ConsumerRecord<String, byte[]> record = sources.get(i);
                throw new BatchListenerFailedException("The database refused the event in %s-%d@%d"
                        .formatted(record.topic(), record.partition(), record.offset()), e, record);
            }
        }
    }

    private void committed(DeviceLanes.Outcome lanesOutcome) {
        BatchOutcome outcome = lanesOutcome.applied();
        metrics.committed(outcome);
        metrics.held(lanesOutcome.held().size());
        if (!lanesOutcome.held().isEmpty()) {
            ConsumerRecord<String, byte[]> first = lanesOutcome.held().get(0);
            log.warn("Parked {} record(s) behind an earlier parked record of their device, e.g. {}-{}@{} of {}; they"
                    + " are applied once an admin retries or deletes it", lanesOutcome.held().size(), first.topic(),
                    first.partition(), first.offset(), first.key());
        }
        for (DeviceEvent event : outcome.unknownTypes()) {
            if (reportedUnknownTypes.add(event.type())) {
                log.warn("Event type {} is unknown to this version: advancing the sequence of its devices only"
                        + " (first seen on device {} at sequence {}; reported once)", event.type(), event.deviceId(),
                        event.sequenceNumber());
            }
        }
        if (!outcome.orphaned().isEmpty()) {
            DeviceEvent first = outcome.orphaned().get(0);
            log.warn("Ignored {} event(s) of devices that are not registered in the read model, e.g. {} {} at"
                    + " sequence {}", outcome.orphaned().size(), first.type(), first.deviceId(), first.sequenceNumber());
        }
    }
}
