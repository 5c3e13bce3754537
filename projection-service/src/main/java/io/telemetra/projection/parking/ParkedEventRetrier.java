package io.telemetra.projection.parking;

import io.telemetra.api.admin.ParkedEventRetried;
import io.telemetra.projection.device.DeviceProjection;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.event.DeviceEventDecoder;
import io.telemetra.projection.event.MalformedEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;

/**
 * What an admin does with a parked record. A retry re-applies it through the same path as the consumer: decoded, then
 * applied by {@link DeviceProjection} under its sequence guard, applying it and removing it from the parking committing
 * together. A skip gives up on it for good: the row stays, as {@code skipped}, so that a rebuild skips it too. Either way the records its device had held behind it ({@link DeviceLanes}) are
 * then applied in order, one transaction each, until one fails: that one stays parked under its own reason and holds
 * back the rest.
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
        if (parked.skipped()) {
            throw new ParkedEventNotApplicableException(id, "an admin skipped it");
        }
        if (parked.held()) {
            Optional<ParkedEventStore.ParkedRecord> head = store.firstOfLane(parked.deviceId());
            if (head.isPresent() && head.get().id() != id) {
                // Applying it first would apply the device's events out of order.
                throw new ParkedEventNotApplicableException(id, "it is held behind parked event " + head.get().id()
                        + " of device " + parked.deviceId() + "; retry or skip that one first");
            }
        }
        DeviceEvent event;
        try {
            event = decoder.decode(parked.value());
        } catch (MalformedEventException e) {
            store.retryFailed(id, ParkedEventStore.MALFORMED, e.getMessage());
            throw new ParkedEventUnprocessableException(id, "still malformed: " + e.getMessage());
        }
        ParkedEventRetried retried;
        try {
            retried = transaction.execute(status -> apply(id, event));
        } catch (DataIntegrityViolationException e) {
            String detail = e.getMostSpecificCause().getMessage();
            store.retryFailed(id, ParkedEventStore.REFUSED, detail);
            throw new ParkedEventUnprocessableException(id, "still refused by the database: " + detail);
        } catch (ParkedEventNotApplicableException e) {
            store.retryFailed(id, null, e.getMessage());
            throw e;
        }
        log.info("Parked event {} ({} {} at sequence {}) applied on retry; {} record(s) held behind it applied",
                id, event.type(), event.deviceId(), event.sequenceNumber(), release(parked.deviceId()));
        return retried;
    }

    /** Gives up on the parked record, keeping it as skipped, and applies what its device held behind it. */
    void skip(long id) {
        ParkedEventStore.ParkedRecord skipped = transaction.execute(status -> {
            if (!store.lock(id)) {
                throw new ParkedEventNotFoundException(id);
            }
            ParkedEventStore.ParkedRecord parked = store.find(id).orElseThrow();
            if (parked.skipped()) {
                throw new ParkedEventNotApplicableException(id, "it is skipped already");
            }
            store.skip(id);
            return parked;
        });
        log.warn("Parked event {} of device {} skipped by an admin; {} record(s) held behind it applied", id,
                skipped.deviceId(), release(skipped.deviceId()));
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

    /**
     * Applies the held records at the front of the device's lane as the consumer would have (a duplicate or an event of
     * an unregistered device changes nothing), until the lane is empty or starts with a record that is not held.
     *
     * @return how many were applied
     */
    private int release(String deviceId) {
        if (deviceId == null) {
            return 0;
        }
        int released = 0;
        Optional<ParkedEventStore.ParkedRecord> next;
        while ((next = store.firstOfLane(deviceId)).isPresent() && next.get().held()) {
            long id = next.get().id();
            DeviceEvent event;
            try {
                event = decoder.decode(next.get().value());
            } catch (MalformedEventException e) {
                store.retryFailed(id, ParkedEventStore.MALFORMED, e.getMessage());
                return released;
            }
            try {
                if (Boolean.TRUE.equals(transaction.execute(status -> {
                    if (!store.lock(id)) {
                        return false; // released or skipped concurrently
                    }
                    projection.apply(List.of(event));
                    store.delete(id);
                    return true;
                }))) {
                    released++;
                }
            } catch (DataIntegrityViolationException e) {
                store.retryFailed(id, ParkedEventStore.REFUSED, e.getMostSpecificCause().getMessage());
                return released;
            }
        }
        return released;
    }
}
