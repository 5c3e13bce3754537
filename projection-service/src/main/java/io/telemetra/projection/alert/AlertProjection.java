package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.projection.device.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a batch's alert events to the {@code alert} table: the rows they touch are read, folded in memory in each
 * device's stream order, and written back with one upsert each, then the devices' open-alert counts are recounted. The
 * caller runs it in the batch's transaction, with the devices' rows locked and only events past each device's last
 * applied sequence, so every event is applied once and in order.
 */
@Component
public class AlertProjection {

    private static final Logger log = LoggerFactory.getLogger(AlertProjection.class);

    private final AlertWriter writer;

    AlertProjection(AlertWriter writer) {
        this.writer = writer;
    }

    /** @param events alert events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<Key> keys = new TreeSet<>();
        events.forEach(event -> keys.add(Key.of(event.payload())));
        Fold fold = fold(writer.find(keys), events);
        if (!fold.ignored().isEmpty()) {
            DeviceEvent first = fold.ignored().get(0);
            log.warn("Ignored {} change(s) of alerts the read model never saw raised, e.g. {} of device {} at sequence"
                    + " {}", fold.ignored().size(), first.type(), first.deviceId(), first.sequenceNumber());
        }
        writer.upsert(fold.rows());
        writer.recountOpenAlerts(fold.rows().stream().map(AlertRow::deviceId).distinct().toList());
    }

    record Key(String deviceId, String alertId) implements Comparable<Key> {

        static Key of(Object alertEvent) {
            if (alertEvent instanceof AlertRaisedEvent raised) {
                return new Key(raised.deviceId(), raised.alertId());
            }
            if (alertEvent instanceof AlertAcknowledgedEvent acknowledged) {
                return new Key(acknowledged.deviceId(), acknowledged.alertId());
            }
            if (alertEvent instanceof AlertEscalatedEvent escalated) {
                return new Key(escalated.deviceId(), escalated.alertId());
            }
            if (alertEvent instanceof AlertResolvedEvent resolved) {
                return new Key(resolved.deviceId(), resolved.alertId());
            }
            throw new IllegalArgumentException("not an alert event: " + alertEvent);
        }

        @Override
        public int compareTo(Key other) {
            int byDevice = deviceId.compareTo(other.deviceId);
            return byDevice != 0 ? byDevice : alertId.compareTo(other.alertId);
        }
    }

    /**
     * @param rows    the rows to write: those the events changed, in their final state
     * @param ignored changes of alerts neither stored nor raised in the batch (their raise was deleted from the
     *                parking by an admin), and raises of alerts that exist already
     */
    record Fold(List<AlertRow> rows, List<DeviceEvent> ignored) {
    }

    /** Pure: the stored rows the events touch, and the events in each device's stream order. */
    static Fold fold(Map<Key, AlertRow> stored, Collection<DeviceEvent> events) {
        Map<Key, AlertRow> rows = new LinkedHashMap<>(stored);
        Map<Key, AlertRow> changed = new LinkedHashMap<>();
        List<DeviceEvent> ignored = new ArrayList<>();
        for (DeviceEvent event : events) {
            Key key = Key.of(event.payload());
            AlertRow row = rows.get(key);
            AlertRow next;
            if (event.payload() instanceof AlertRaisedEvent raised) {
                next = row == null ? AlertRow.raised(raised, event.sequenceNumber()) : null;
            } else {
                next = row == null ? null : row.after(event.payload(), event.sequenceNumber());
            }
            if (next == null) {
                ignored.add(event);
                continue;
            }
            rows.put(key, next);
            changed.put(key, next);
        }
        return new Fold(List.copyOf(changed.values()), ignored);
    }
}
