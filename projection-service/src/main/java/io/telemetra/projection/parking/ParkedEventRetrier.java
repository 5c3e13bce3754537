package io.telemetra.projection.parking;

import io.telemetra.api.admin.ParkedEventRetried;
import io.telemetra.projection.device.BatchOutcome;
import io.telemetra.projection.device.DeviceEvent;
import io.telemetra.projection.device.DeviceProjection;
import io.telemetra.projection.kafka.DeviceEventDecoder;
import io.telemetra.projection.kafka.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * Re-applies a parked record through the same path as the consumer: decoded, then applied by {@link DeviceProjection}
 * under its sequence guard. Applying it and removing it from the parking commit together.
 */
@Service
class ParkedEventRetrier {

    private static final Logger log = LoggerFactory.getLogger(ParkedEventRetrier.class);

    private final ParkedEventStore store;
    private final DeviceEventDecoder decoder;
    private final DeviceProjection projection;
    private final TransactionTemplate transaction;

    ParkedEventRetrier(ParkedEventStore store, DeviceEventDecoder decoder, DeviceProjection projection,
                       TransactionTemplate transaction) {
        this.store = store;
        this.decoder = decoder;
        this.projection = projection;
        this.transaction = transaction;
    }

    ParkedEventRetried retry(long id) {
        ParkedEventStore.ParkedRecord parked = store.find(id).orElseThrow(() -> new ParkedEventNotFoundException(id));
        DeviceEvent event;
        try {
            event = decoder.decode(parked.value());
        } catch (MalformedEventException e) {
            store.retryFailed(id, ParkedEventStore.MALFORMED, e.getMessage());
            throw new ParkedEventUnprocessableException(id, "still malformed: " + e.getMessage());
        }
        try {
            ParkedEventRetried retried = transaction.execute(status -> apply(id, event));
            log.info("Parked event {} ({} {} at sequence {}) applied on retry", id, event.type(), event.deviceId(),
                    event.sequenceNumber());
            return retried;
        } catch (DataIntegrityViolationException e) {
            String detail = e.getMostSpecificCause().getMessage();
            store.retryFailed(id, ParkedEventStore.REFUSED, detail);
            throw new ParkedEventUnprocessableException(id, "still refused by the database: " + detail);
        } catch (ParkedEventNotApplicableException e) {
            store.retryFailed(id, null, e.getMessage());
            throw e;
        }
    }

    private ParkedEventRetried apply(long id, DeviceEvent event) {
        if (!store.lock(id)) {
            throw new ParkedEventNotFoundException(id); // retried concurrently, and applied by that retry
        }
        BatchOutcome outcome = projection.apply(List.of(event));
        if (!outcome.orphaned().isEmpty()) {
            throw new ParkedEventNotApplicableException(id, "device " + event.deviceId()
                    + " is not registered in the read model");
        }
        if (outcome.stale() > 0) {
            // The guard keeps the read model ordered per device: only a rebuild from the event store can apply it now.
            throw new ParkedEventNotApplicableException(id, "device " + event.deviceId() + " has already applied"
                    + " events past sequence " + event.sequenceNumber() + "; a rebuild applies it in order");
        }
        store.delete(id);
        return new ParkedEventRetried(id, outcome.unknownTypes().isEmpty() ? "APPLIED" : "UNKNOWN_TYPE");
    }
}
