package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
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
 * Applies a batch's device-command events to the {@code device_command} table: the rows they touch are read, folded in
 * memory in each device's stream order and written back with one upsert each. The caller runs it in the batch's
 * transaction, with the devices' rows locked and only events past each device's last applied sequence.
 */
@Component
public class DeviceCommandProjection {

    private static final Logger log = LoggerFactory.getLogger(DeviceCommandProjection.class);

    private final DeviceCommandWriter writer;

    DeviceCommandProjection(DeviceCommandWriter writer) {
        this.writer = writer;
    }

    /** @param events device-command events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Set<Key> keys = new TreeSet<>();
        events.forEach(event -> keys.add(Key.of(event.payload())));
        Fold fold = fold(writer.find(keys), events);
        if (!fold.ignored().isEmpty()) {
            DeviceEvent first = fold.ignored().get(0);
            log.warn("Ignored {} change(s) of device commands the read model never saw issued, e.g. {} of device {}"
                    + " at sequence {}", fold.ignored().size(), first.type(), first.deviceId(), first.sequenceNumber());
        }
        writer.upsert(fold.rows());
    }

    record Key(String deviceId, String commandId) implements Comparable<Key> {

        static Key of(Object commandEvent) {
            if (commandEvent instanceof DeviceCommandIssuedEvent issued) {
                return new Key(issued.deviceId(), issued.commandId());
            }
            if (commandEvent instanceof DeviceCommandAcknowledgedEvent acknowledged) {
                return new Key(acknowledged.deviceId(), acknowledged.commandId());
            }
            if (commandEvent instanceof DeviceCommandRedeliveredEvent redelivered) {
                return new Key(redelivered.deviceId(), redelivered.commandId());
            }
            if (commandEvent instanceof DeviceCommandTimedOutEvent timedOut) {
                return new Key(timedOut.deviceId(), timedOut.commandId());
            }
            throw new IllegalArgumentException("not a device-command event: " + commandEvent);
        }

        @Override
        public int compareTo(Key other) {
            int byDevice = deviceId.compareTo(other.deviceId);
            return byDevice != 0 ? byDevice : commandId.compareTo(other.commandId);
        }
    }

    /**
     * @param rows    the rows to write: those the events changed, in their final state
     * @param ignored changes of commands neither stored nor issued in the batch, and issues of commands that exist
     */
    record Fold(List<DeviceCommandRow> rows, List<DeviceEvent> ignored) {
    }

    /** Pure: the stored rows the events touch, and the events in each device's stream order. */
    static Fold fold(Map<Key, DeviceCommandRow> stored, Collection<DeviceEvent> events) {
        Map<Key, DeviceCommandRow> rows = new LinkedHashMap<>(stored);
        Map<Key, DeviceCommandRow> changed = new LinkedHashMap<>();
        List<DeviceEvent> ignored = new ArrayList<>();
        for (DeviceEvent event : events) {
            Key key = Key.of(event.payload());
            DeviceCommandRow row = rows.get(key);
            DeviceCommandRow next;
            if (event.payload() instanceof DeviceCommandIssuedEvent issued) {
                next = row == null ? DeviceCommandRow.issued(issued, event.sequenceNumber()) : null;
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
