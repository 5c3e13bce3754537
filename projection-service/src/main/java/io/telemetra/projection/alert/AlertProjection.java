package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertScoped;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.KeyedRowProjection;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Applies a batch's alert events to the {@code alert} table as a {@link KeyedRowProjection}, then recounts the open
 * alerts of the devices they touched.
 */
@Component
public class AlertProjection {

    /**
     * Ignores changes of alerts neither stored nor raised in the batch (their raise was deleted from the parking by an
     * admin), and raises of alerts that exist already.
     */
    static final RowFold<AlertRow> FOLD = new RowFold<>(AlertProjection::key, AlertRaisedEvent.class,
            AlertRow::raised, AlertRow::after);

    private final AlertWriter writer;
    private final KeyedRowProjection<AlertRow> alerts;

    AlertProjection(AlertWriter writer) {
        this.writer = writer;
        this.alerts = new KeyedRowProjection<>("alerts", "raised", FOLD, writer);
    }

    /** @param events alert events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        List<AlertRow> written = alerts.apply(events);
        writer.recountOpenAlerts(written.stream().map(row -> row.view().deviceId()).distinct().toList());
    }

    static RowKey key(Object alertEvent) {
        if (alertEvent instanceof AlertScoped event) {
            return new RowKey(event.deviceId(), event.alertId());
        }
        throw new IllegalArgumentException("not an alert event: " + alertEvent);
    }
}
