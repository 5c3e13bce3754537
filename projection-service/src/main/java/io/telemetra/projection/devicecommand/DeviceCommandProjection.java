package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandScoped;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Applies a batch's device-command events to the {@code device_command} table: the rows they touch are read, folded in
 * memory in each device's stream order and written back with one upsert each. The caller runs it in the batch's
 * transaction, with the devices' rows locked and only events past each device's last applied sequence.
 */
@Component
public class DeviceCommandProjection {

    private static final Logger log = LoggerFactory.getLogger(DeviceCommandProjection.class);

    /** Ignores changes of commands neither stored nor issued in the batch, and issues of commands that exist. */
    static final RowFold<DeviceCommandRow> FOLD = new RowFold<>(DeviceCommandProjection::key,
            DeviceCommandIssuedEvent.class, DeviceCommandRow::issued, DeviceCommandRow::after);

    private final DeviceCommandWriter writer;

    DeviceCommandProjection(DeviceCommandWriter writer) {
        this.writer = writer;
    }

    /** @param events device-command events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        RowFold.Result<DeviceCommandRow> fold = FOLD.fold(writer.find(FOLD.keys(events)), events);
        if (!fold.ignored().isEmpty()) {
            DeviceEvent first = fold.ignored().get(0);
            log.warn("Ignored {} change(s) of device commands the read model never saw issued, e.g. {} of device {}"
                    + " at sequence {}", fold.ignored().size(), first.type(), first.deviceId(), first.sequenceNumber());
        }
        writer.upsert(fold.rows());
    }

    static RowKey key(Object commandEvent) {
        if (commandEvent instanceof DeviceCommandScoped event) {
            return new RowKey(event.deviceId(), event.commandId());
        }
        throw new IllegalArgumentException("not a device-command event: " + commandEvent);
    }
}
