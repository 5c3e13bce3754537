package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandScoped;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.KeyedRowProjection;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.springframework.stereotype.Component;

import java.util.List;

/** Applies a batch's device-command events to the {@code device_command} table as a {@link KeyedRowProjection}. */
@Component
public class DeviceCommandProjection {

    /** Ignores changes of commands neither stored nor issued in the batch, and issues of commands that exist. */
    static final RowFold<DeviceCommandRow> FOLD = new RowFold<>(DeviceCommandProjection::key,
            DeviceCommandIssuedEvent.class, DeviceCommandRow::issued, DeviceCommandRow::after);

    private final KeyedRowProjection<DeviceCommandRow> commands;

    DeviceCommandProjection(DeviceCommandWriter writer) {
        this.commands = new KeyedRowProjection<>("device commands", "issued", FOLD, writer);
    }

    /** @param events device-command events only, each device's in stream order */
    public void apply(List<DeviceEvent> events) {
        commands.apply(events);
    }

    static RowKey key(Object commandEvent) {
        if (commandEvent instanceof DeviceCommandScoped event) {
            return new RowKey(event.deviceId(), event.commandId());
        }
        throw new IllegalArgumentException("not a device-command event: " + commandEvent);
    }
}
