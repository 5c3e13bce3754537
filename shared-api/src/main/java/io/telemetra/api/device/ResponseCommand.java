package io.telemetra.api.device;

import io.telemetra.api.devicecommand.CommandParameters;

import java.util.Map;

/**
 * The device command a rule's alert sends to the device (for example {@code THROTTLE}), awaited for acknowledgement
 * and escalated when the device does not answer.
 *
 * @param parameters free-form JSON object handed to the device as is
 */
public record ResponseCommand(String type, Map<String, Object> parameters) {

    public ResponseCommand {
        parameters = CommandParameters.copyOf(parameters);
    }
}
