package io.telemetra.api.devicecommand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

/**
 * Sends a command to a device. The caller chooses {@code commandId}, so a retried request does not issue it twice.
 *
 * @param issuedBy the operator's subject, or {@code system:alert-response} when an alert's rule issued it
 * @param alertId  the alert that caused it, or null for an operator's command
 */
public record IssueDeviceCommand(
        @TargetAggregateIdentifier String deviceId,
        String commandId,
        String type,
        Map<String, Object> parameters,
        String issuedBy,
        String alertId,
        Instant requestedAt) {

    public IssueDeviceCommand {
        parameters = CommandParameters.copyOf(parameters);
    }
}
