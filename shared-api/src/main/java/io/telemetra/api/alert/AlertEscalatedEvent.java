package io.telemetra.api.alert;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Nobody and nothing answered the alert in time: people beyond the console are notified (the webhook). */
@Revision("1")
public record AlertEscalatedEvent(String deviceId, String alertId, String reason, Instant escalatedAt)
        implements AlertScoped {
}
