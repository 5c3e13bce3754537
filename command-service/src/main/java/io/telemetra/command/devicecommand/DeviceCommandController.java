package io.telemetra.command.devicecommand;

import io.telemetra.api.devicecommand.AcknowledgeCommandRequest;
import io.telemetra.api.devicecommand.AcknowledgeDeviceCommand;
import io.telemetra.api.devicecommand.DeviceCommandAccepted;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.devicecommand.IssueDeviceCommandRequest;
import io.telemetra.api.security.Role;
import io.telemetra.command.messaging.ConflictRetry;
import io.telemetra.security.Caller;
import io.telemetra.security.TelemetraSecurityProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.UUID;

import static io.telemetra.command.validation.Fields.requireIdentifier;

/**
 * Commands for devices: operators issue them, devices answer them. Each answer comes once the resulting event is
 * stored; delivering the command to the device over Kafka happens after, from the event.
 */
@RestController
@RequestMapping("/api/devices/{deviceId}/commands")
class DeviceCommandController {

    private final CommandGateway commandGateway;
    private final ConflictRetry conflictRetry;
    private final Clock clock;
    private final TelemetraSecurityProperties security;

    DeviceCommandController(CommandGateway commandGateway, ConflictRetry conflictRetry, Clock clock,
                            TelemetraSecurityProperties security) {
        this.commandGateway = commandGateway;
        this.conflictRetry = conflictRetry;
        this.clock = clock;
        this.security = security;
    }

    /**
     * 202: the command is stored and will be delivered; its id is what the device answers to. With an
     * {@code Idempotency-Key} the id is derived from the device, the caller and the key, so a retried request names the
     * same command, which the device records once; without one it is drawn here.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeviceCommandAccepted> issue(@PathVariable String deviceId,
                                                @RequestHeader(name = DeviceCommandRequests.IDEMPOTENCY_KEY,
                                                        required = false) String idempotencyKey,
                                                @RequestBody IssueDeviceCommandRequest request,
                                                Authentication authentication) {
        String device = requireIdentifier(deviceId, "deviceId");
        String commandId = idempotencyKey == null ? UUID.randomUUID().toString()
                : DeviceCommandRequests.commandIdFor(device, authentication.getName(), idempotencyKey);
        IssueDeviceCommand command = DeviceCommandRequests.toIssue(device, request, commandId, authentication.getName(),
                clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.accepted().body(new DeviceCommandAccepted(command.commandId()));
    }

    /** A device token may only answer its own device's commands; operators may not answer for a device at all. */
    @PostMapping(path = "/{commandId}/ack", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> acknowledge(@PathVariable String deviceId, @PathVariable String commandId,
                                     @RequestBody AcknowledgeCommandRequest request, Authentication authentication) {
        Caller caller = Caller.of(authentication, security);
        if (!caller.mayActFor(deviceId, Role.ADMIN)) {
            throw new AccessDeniedException("a device token may only acknowledge commands of its own device");
        }
        AcknowledgeDeviceCommand command = DeviceCommandRequests.toAcknowledge(requireIdentifier(deviceId, "deviceId"),
                requireIdentifier(commandId, "commandId"), request, caller.principal(), clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.noContent().build();
    }
}
