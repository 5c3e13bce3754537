package io.telemetra.projection.event;

import java.util.List;

/**
 * What a batch did, once committed.
 *
 * @param applied      events that changed the read model (or advanced a device's sequence)
 * @param stale        events at or below the device's last applied sequence: duplicates and replays, ignored
 * @param unknownTypes applied events of a type this version does not know; only the sequence advanced
 * @param orphaned     events of a device that has no row and whose registration was not in the batch
 */
public record BatchOutcome(List<DeviceEvent> applied, int stale, List<DeviceEvent> unknownTypes,
                           List<DeviceEvent> orphaned) {
}
