package io.telemetra.api.alert;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The alert is over: readings are back to normal, its rule was removed, or the device was decommissioned.
 *
 * @param value the reading that brought the metric back to normal, or null when the alert ended for another reason
 */
@Revision("1")
public record AlertResolvedEvent(String deviceId, String alertId, Double value, String reason, Instant resolvedAt)
        implements AlertScoped {
}
