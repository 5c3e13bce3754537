package io.telemetra.api.device;

import io.telemetra.api.devicecommand.CommandParameters;

import java.util.Map;

/**
 * What an alert of a rule does in response: the device command it sends to the device (for example {@code THROTTLE}),
 * awaited for acknowledgement and escalated when the device does not answer. A value of a {@link ThresholdRule}, not a
 * command: the device command is issued when the alert is raised.
 *
 * @param parameters free-form JSON object handed to the device as is
 */
public record AlertResponse(String type, Map<String, Object> parameters) {

    public AlertResponse {
        parameters = CommandParameters.copyOf(parameters);
    }
}
