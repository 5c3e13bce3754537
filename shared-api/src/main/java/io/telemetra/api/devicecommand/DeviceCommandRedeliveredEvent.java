package io.telemetra.api.devicecommand;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * An unanswered command was sent to the device again; it carries the whole command so the publisher needs no state.
 *
 * @param attempt  2 for the first redelivery, and so on
 * @param alertId  the alert the command responds to, or null for an operator's command
 * @param issuedAt when the command was first issued; null in events recorded before this field was added
 */
@Revision("1")
public record DeviceCommandRedeliveredEvent(
        String deviceId,
        String commandId,
        String type,
        Map<String, Object> parameters,
        int attempt,
        Instant redeliveredAt,
        String alertId,
        Instant issuedAt) implements DeviceCommandScoped {

    public DeviceCommandRedeliveredEvent {
        parameters = CommandParameters.copyOf(parameters);
    }
}
