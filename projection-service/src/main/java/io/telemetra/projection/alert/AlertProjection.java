package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertScoped;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Applies a batch's alert events to the {@code alert} table: the rows they touch are read, folded in memory in each
 * device's stream order, and written back with one upsert each, then the devices' open-alert counts are recounted. The
 * caller runs it in the batch's transaction, with the devices' rows locked and only events past each device's last
 * applied sequence, so every event is applied once and in order.
 */
@Component
public class AlertProjection {

    private static final Logger log = LoggerFactory.getLogger(AlertProjection.class);

    /**
     * Ignores changes of alerts neither stored nor raised in the batch (their raise was deleted from the parking by an
     * admin), and raises of alerts that exist already.
     */
    static final RowFold<AlertRow> FOLD = new RowFold<>(AlertProjection::key, AlertRaisedEvent.class,
            AlertRow::raised, AlertRow::after);

    private final AlertWriter writer;

    AlertProjection(AlertWriter writer) {
        this.writer = writer;
    }

    /** @param events alert events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        RowFold.Result<AlertRow> fold = FOLD.fold(writer.find(FOLD.keys(events)), events);
        if (!fold.ignored().isEmpty()) {
            DeviceEvent first = fold.ignored().get(0);
            log.warn("Ignored {} change(s) of alerts the read model never saw raised, e.g. {} of device {} at sequence"
                    + " {}", fold.ignored().size(), first.type(), first.deviceId(), first.sequenceNumber());
        }
        writer.upsert(fold.rows());
        writer.recountOpenAlerts(fold.rows().stream().map(row -> row.view().deviceId()).distinct().toList());
    }

    static RowKey key(Object alertEvent) {
        if (alertEvent instanceof AlertScoped event) {
            return new RowKey(event.deviceId(), event.alertId());
        }
        throw new IllegalArgumentException("not an alert event: " + alertEvent);
    }
}
