package io.telemetra.api.devicecommand;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The device never answered the command, after {@code attempts} deliveries. */
@Revision("1")
public record DeviceCommandTimedOutEvent(String deviceId, String commandId, int attempts, Instant timedOutAt)
        implements DeviceCommandScoped {
}
