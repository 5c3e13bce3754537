package io.telemetra.command.devicecommand;

import io.telemetra.api.devicecommand.AcknowledgeCommandRequest;
import io.telemetra.api.devicecommand.AcknowledgeDeviceCommand;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.devicecommand.IssueDeviceCommandRequest;
import io.telemetra.command.validation.Fields;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.telemetra.command.validation.Fields.optionalParameters;
import static io.telemetra.command.validation.Fields.optionalText;
import static io.telemetra.command.validation.Fields.requireEnum;
import static io.telemetra.command.validation.Fields.requireMatch;
import static io.telemetra.command.validation.Fields.requirePresent;

/**
 * Checks the bodies of the device-command endpoints (and of their MQTT counterparts) and turns them into commands for
 * the Device.
 */
public final class DeviceCommandRequests {

    static final int MAX_MESSAGE_LENGTH = 1000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Visible ASCII, as a UUID or any client-chosen token is. */
    private static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private DeviceCommandRequests() {
    }

    static IssueDeviceCommand toIssue(String deviceId, IssueDeviceCommandRequest request, String commandId,
                                      String issuedBy, Instant requestedAt) {
        requirePresent(request, "type");
        String type = requireMatch(request.type(), Fields.COMMAND_TYPE, "type");
        return new IssueDeviceCommand(deviceId, commandId, type, optionalParameters(request.parameters(), "parameters"),
                issuedBy, null, requestedAt);
    }

    /**
     * The command id an idempotency key stands for: a name-based UUID of device, caller and key, so two callers (or two
     * devices) never share a command through a key, and a retry needs no stored mapping.
     */
    static String commandIdFor(String deviceId, String caller, String idempotencyKey) {
        requireMatch(idempotencyKey, IDEMPOTENCY_KEY_FORMAT, IDEMPOTENCY_KEY);
        String name = String.join("\n", "device-command", deviceId, caller, idempotencyKey);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static AcknowledgeDeviceCommand toAcknowledge(String deviceId, String commandId,
                                                         AcknowledgeCommandRequest request,
                                                         String acknowledgedBy, Instant requestedAt) {
        requirePresent(request, "outcome");
        CommandOutcome outcome = requireEnum(request.outcome(), CommandOutcome.class, "outcome");
        return new AcknowledgeDeviceCommand(deviceId, commandId, outcome,
                optionalText(request.message(), MAX_MESSAGE_LENGTH, "message"), acknowledgedBy, requestedAt);
    }
}
