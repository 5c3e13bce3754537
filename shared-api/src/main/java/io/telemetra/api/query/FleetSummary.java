package io.telemetra.api.query;

import io.telemetra.api.device.DeviceStatus;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code GET /api/fleet/summary} on query-service.
 *
 * @param devices            every device known to the read model, decommissioned ones included
 * @param devicesByStatus    device count per status, every status present
 * @param openAlerts         alerts not resolved yet
 * @param escalatedAlerts    open alerts that were escalated
 * @param readingsLastMinute readings whose event time lies in the minute before {@code asOf}
 * @param asOf               when the figures were read
 */
public record FleetSummary(long devices, Map<DeviceStatus, Long> devicesByStatus, long openAlerts,
                           long escalatedAlerts, long readingsLastMinute, Instant asOf) {

    public FleetSummary {
        EnumMap<DeviceStatus, Long> inStatusOrder = new EnumMap<>(DeviceStatus.class);
        inStatusOrder.putAll(devicesByStatus);
        devicesByStatus = Collections.unmodifiableMap(inStatusOrder);
    }
}
