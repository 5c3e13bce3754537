package io.telemetra.projection.device;

import io.telemetra.projection.alert.AlertProjection;
import io.telemetra.projection.devicecommand.DeviceCommandProjection;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.TreeSet;

/**
 * Applies device events to the read models of devices, their readings, alerts and commands, idempotently and
 * order-safely by (device id, sequence number): an event at or below a device's {@code last_sequence} changes nothing.
 */
@Service
public class DeviceProjection {

    private final DeviceReadModelWriter writer;
    private final ReadingSeriesWriter series;
    private final AlertProjection alerts;
    private final DeviceCommandProjection commands;

    DeviceProjection(DeviceReadModelWriter writer, ReadingSeriesWriter series, AlertProjection alerts,
                     DeviceCommandProjection commands) {
        this.writer = writer;
        this.series = series;
        this.alerts = alerts;
        this.commands = commands;
    }

    /** Applies the events in one transaction: all of them or, on an exception, none. */
    @Transactional
    public BatchOutcome apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return new BatchOutcome(List.of(), 0, List.of(), List.of());
        }
        TreeSet<String> deviceIds = new TreeSet<>();
        events.forEach(event -> deviceIds.add(event.deviceId()));
        DeviceBatchPlan plan = DeviceBatchPlan.of(events, writer.lockDevices(deviceIds));
        writer.insertRegistrations(plan.registrations());
        writer.updateDevices(plan.updates());
        writer.upsertLatestReadings(plan.latestReadings());
        series.insert(plan.readings());
        alerts.apply(plan.alertEvents());
        commands.apply(plan.commandEvents());
        return plan.outcome();
    }
}
