package io.telemetra.projection.device;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.TreeSet;

/**
 * Applies device events to the device read model, idempotently and order-safely by (device id, sequence number): an
 * event at or below a device's {@code last_sequence} changes nothing.
 */
@Service
public class DeviceProjection {

    private final DeviceReadModelWriter writer;
    private final ReadingSeriesWriter series;

    DeviceProjection(DeviceReadModelWriter writer, ReadingSeriesWriter series) {
        this.writer = writer;
        this.series = series;
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
        return plan.outcome();
    }
}
