package io.telemetra.api.alert;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** An operator took the alert in hand; it stops its escalation, not its resolution. */
@Revision("1")
public record AlertAcknowledgedEvent(String deviceId, String alertId, String acknowledgedBy, String note,
                                     Instant acknowledgedAt) implements AlertScoped {
}
