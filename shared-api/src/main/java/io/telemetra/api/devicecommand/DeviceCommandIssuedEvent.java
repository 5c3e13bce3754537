package io.telemetra.api.devicecommand;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/** A command for the device was issued; it is published on {@code telemetra.device-commands}. */
@Revision("1")
public record DeviceCommandIssuedEvent(
        String deviceId,
        String commandId,
        String type,
        Map<String, Object> parameters,
        String issuedBy,
        String alertId,
        Instant issuedAt) implements DeviceCommandScoped {

    public DeviceCommandIssuedEvent {
        parameters = CommandParameters.copyOf(parameters);
    }
}
