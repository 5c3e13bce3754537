package io.telemetra.projection.device;

import io.telemetra.api.alert.AlertScoped;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.devicecommand.DeviceCommandScoped;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.event.BatchOutcome;
import io.telemetra.projection.event.DeviceEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one batch of events does to the device read model, folded per device in memory so that each device costs one
 * guarded statement per table however many of its events the batch holds. Pure: computed from the events and the
 * {@code last_sequence} of the devices' rows, read under lock by {@link DeviceProjection}.
 *
 * @param registrations  devices to insert
 * @param updates        guarded updates of device rows (after the inserts: a batch may register and update a device)
 * @param latestReadings at most one upsert per device and metric, as PostgreSQL cannot upsert a row twice in a statement
 * @param readings       every applied reading, for the raw series and its windows: each reading is applied once
 * @param alertEvents    every applied alert event, in each device's stream order
 * @param commandEvents  every applied device-command event, in each device's stream order
 * @param outcome        what happened to each event, for metrics and logs
 */
record DeviceBatchPlan(List<Registration> registrations, List<DeviceUpdate> updates,
                       List<LatestReadingUpsert> latestReadings, List<AppliedReading> readings,
                       List<DeviceEvent> alertEvents, List<DeviceEvent> commandEvents, BatchOutcome outcome) {

    record Registration(DeviceRegisteredEvent event, long sequenceNumber) {
    }

    /**
     * @param status       the new status, {@code null} to keep the stored one (a decommissioned device keeps its status
     *                     whatever comes after)
     * @param lastSeen     candidate for {@code last_seen}, which only ever moves forward; {@code null} for none
     * @param attributes   the device's descriptive attributes after its last update in the batch, {@code null} to keep
     *                     the stored ones
     * @param rules        the device's rule set after its last configuration in the batch, {@code null} to keep the
     *                     stored one
     * @param lastSequence the sequence of the device's last event in the batch; the update applies only to a row older
     */
    record DeviceUpdate(String deviceId, DeviceStatus status, Instant lastSeen, DeviceUpdatedEvent attributes,
                        DeviceRulesConfiguredEvent rules, long lastSequence) {
    }

    record LatestReadingUpsert(ReadingRecordedEvent reading, long sequenceNumber) {

        boolean isNewerThan(LatestReadingUpsert other) {
            int byEventTime = reading.timestamp().compareTo(other.reading.timestamp());
            return byEventTime > 0 || (byEventTime == 0 && sequenceNumber > other.sequenceNumber);
        }
    }

    record AppliedReading(ReadingRecordedEvent reading, long sequenceNumber) {
    }

    /**
     * @param lastSequences {@code last_sequence} per device that has a row; devices absent from it have none yet
     */
    static DeviceBatchPlan of(Collection<DeviceEvent> events, Map<String, Long> lastSequences) {
        Map<String, List<DeviceEvent>> byDevice = new TreeMap<>();
        events.forEach(event -> byDevice.computeIfAbsent(event.deviceId(), id -> new ArrayList<>()).add(event));

        List<Registration> registrations = new ArrayList<>();
        List<DeviceUpdate> updates = new ArrayList<>();
        List<LatestReadingUpsert> latestReadings = new ArrayList<>();
        List<AppliedReading> readings = new ArrayList<>();
        List<DeviceEvent> alertEvents = new ArrayList<>();
        List<DeviceEvent> commandEvents = new ArrayList<>();
        List<DeviceEvent> applied = new ArrayList<>(events.size());
        List<DeviceEvent> unknownTypes = new ArrayList<>();
        List<DeviceEvent> orphaned = new ArrayList<>();
        int stale = 0;

        for (Map.Entry<String, List<DeviceEvent>> device : byDevice.entrySet()) {
            List<DeviceEvent> stream = device.getValue();
            stream.sort(Comparator.comparingLong(DeviceEvent::sequenceNumber));
            Long lastSequence = lastSequences.get(device.getKey());
            Long updateSequence = null;
            DeviceStatus status = null;
            Instant lastSeen = null;
            DeviceUpdatedEvent attributes = null;
            DeviceRulesConfiguredEvent rules = null;
            Map<String, LatestReadingUpsert> latest = new TreeMap<>();

            for (DeviceEvent event : stream) {
                if (lastSequence != null && event.sequenceNumber() <= lastSequence) {
                    stale++; // a duplicate, a redelivery or a replay of something already applied
                    continue;
                }
                if (lastSequence == null) {
                    // A device's stream starts with its registration; anything before it has nothing to apply to.
                    if (event.payload() instanceof DeviceRegisteredEvent registered) {
                        registrations.add(new Registration(registered, event.sequenceNumber()));
                        lastSequence = event.sequenceNumber();
                        applied.add(event);
                    } else {
                        orphaned.add(event);
                    }
                    continue;
                }
                lastSequence = event.sequenceNumber();
                updateSequence = lastSequence;
                applied.add(event);
                if (event.payload() instanceof DeviceCameOnlineEvent online) {
                    status = next(status, DeviceStatus.ONLINE);
                    lastSeen = later(lastSeen, online.at());
                } else if (event.payload() instanceof DeviceWentOfflineEvent) {
                    status = next(status, DeviceStatus.OFFLINE);
                } else if (event.payload() instanceof ReadingRecordedEvent reading) {
                    lastSeen = later(lastSeen, seenAt(reading));
                    readings.add(new AppliedReading(reading, event.sequenceNumber()));
                    LatestReadingUpsert candidate = new LatestReadingUpsert(reading, event.sequenceNumber());
                    latest.merge(reading.metric(), candidate, (old, now) -> now.isNewerThan(old) ? now : old);
                } else if (event.payload() instanceof DeviceUpdatedEvent updated) {
                    attributes = updated; // it carries every attribute: the last update of the batch wins
                } else if (event.payload() instanceof DeviceRulesConfiguredEvent configured) {
                    rules = configured; // the whole rule set: the last configuration of the batch wins
                } else if (event.payload() instanceof DeviceDecommissionedEvent) {
                    status = DeviceStatus.DECOMMISSIONED;
                } else if (event.payload() instanceof AlertScoped) {
                    alertEvents.add(event);
                } else if (event.payload() instanceof DeviceCommandScoped) {
                    commandEvents.add(event);
                } else if (!event.isKnownType()) {
                    unknownTypes.add(event); // forward compatible: only the sequence advances
                }
                // A DeviceRegistered after the first changes nothing: registration happens once per device.
            }
            if (updateSequence != null) {
                updates.add(new DeviceUpdate(device.getKey(), status, lastSeen, attributes, rules, updateSequence));
            }
            latestReadings.addAll(latest.values());
        }
        return new DeviceBatchPlan(registrations, updates, latestReadings, readings, alertEvents, commandEvents,
                new BatchOutcome(applied, stale, unknownTypes, orphaned));
    }

    /** Decommissioning is final: a late online or offline event (a deadline that fired meanwhile) does not undo it. */
    private static DeviceStatus next(DeviceStatus current, DeviceStatus candidate) {
        return current == DeviceStatus.DECOMMISSIONED ? current : candidate;
    }

    /**
     * Ingestion time, not the device's clock: last_seen says when the platform last heard from the device, which
     * liveness and reporting-gap checks compare with the server's clock. Device clocks drift, and a gateway flushing
     * buffered readings is in contact now even though the readings are old. Event time is the fallback if absent.
     */
    static Instant seenAt(ReadingRecordedEvent reading) {
        return reading.receivedAt() != null ? reading.receivedAt() : reading.timestamp();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
