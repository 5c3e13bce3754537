package io.telemetra.projection.parking;

import io.telemetra.projection.device.DeviceProjection;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Keeps each device's events in order around the parking. A device (the record key) with a parked record has its later
 * records parked behind it, as {@code held}, instead of applied: applying them would move the device's sequence past
 * the parked event, which could then never be applied, its effect lost without anyone deciding so (an alert raised but
 * never shown, a command never listed). An admin retries the parked record, or skips it, and the records held behind
 * it are then applied in order ({@link ParkedEventRetrier}). A skipped record is never applied, by this consumer or by
 * a rebuild, should it come again. Other devices are never held up.
 * <p>
 * The parked rows of a batch's devices are read with shared row locks before the devices' own rows are locked, the same
 * order a retry takes its locks in, so a batch and a retry of the same device wait for each other rather than interleave.
 */
@Component
public class DeviceLanes {

    private final ParkedEventStore store;
    private final DeviceProjection projection;

    DeviceLanes(ParkedEventStore store, DeviceProjection projection) {
        this.store = store;
        this.projection = projection;
    }

    /**
     * @param applied what applying the events that were not held did
     * @param held    the records parked behind an earlier parked record of their device
     */
    public record Outcome(BatchOutcome applied, List<ConsumerRecord<String, byte[]>> held) {
    }

    /**
     * Parks the events held behind a parked record of their device and applies the others, in one transaction.
     *
     * @param records the events' records, in the same order as {@code events}
     */
    @Transactional
    public Outcome apply(List<ConsumerRecord<String, byte[]>> records, List<DeviceEvent> events) {
        TreeSet<String> devices = new TreeSet<>();
        records.stream().map(ConsumerRecord::key).filter(Objects::nonNull).forEach(devices::add);
        Map<String, List<ParkedEventStore.Position>> lanes = new HashMap<>();
        if (!devices.isEmpty()) {
            store.lanes(devices).forEach(position ->
                    lanes.computeIfAbsent(position.deviceId(), device -> new ArrayList<>()).add(position));
        }
        List<DeviceEvent> toApply = new ArrayList<>(events.size());
        List<ConsumerRecord<String, byte[]>> held = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            List<ParkedEventStore.Position> lane = lanes.getOrDefault(record.key(), List.of());
            if (lane.stream().anyMatch(parked -> parked.skips(record))) {
                continue; // redelivered or replayed after an admin skipped it
            }
            ParkedEventStore.Position head = lane.stream()
                    .filter(parked -> parked.holdsBack(record))
                    .findFirst()
                    .orElse(null);
            if (head == null) {
                toApply.add(events.get(i));
            } else {
                store.park(record, ParkedEventStore.HELD, "held behind parked event " + head.id() + " of device "
                        + record.key() + " until it is retried or skipped");
                held.add(record);
            }
        }
        return new Outcome(projection.apply(toApply), held);
    }
}
