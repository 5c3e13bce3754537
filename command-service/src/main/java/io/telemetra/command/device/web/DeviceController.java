package io.telemetra.command.device.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.ConfigureRulesRequest;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.RegisterDeviceRequest;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.command.messaging.ConflictRetry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;

import static io.telemetra.command.validation.Fields.requireIdentifier;

/**
 * The device lifecycle. Every answer comes once the resulting event is stored; refusals surface as exceptions mapped
 * to problem details (unknown device 404, decommissioned 409...).
 */
@RestController
@RequestMapping("/api/devices")
class DeviceController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final CommandGateway commandGateway;
    private final ConflictRetry conflictRetry;
    private final ObjectMapper json;
    private final Clock clock;

    DeviceController(CommandGateway commandGateway, ConflictRetry conflictRetry, ObjectMapper json, Clock clock) {
        this.commandGateway = commandGateway;
        this.conflictRetry = conflictRetry;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RegisteredDevice> register(@RequestBody RegisterDeviceRequest request) {
        RegisterDeviceCommand command = RegistrationValidator.toCommand(request, clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity
                .created(UriComponentsBuilder.fromPath("/api/devices/{deviceId}").build(command.deviceId()))
                .body(new RegisteredDevice(command.deviceId()));
    }

    /** A JSON merge patch of name, site, location and metadata; one that changes nothing is accepted and records nothing. */
    @PatchMapping(path = "/{deviceId}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<Void> update(@PathVariable String deviceId, @RequestBody JsonNode body) {
        UpdateDeviceCommand command = UpdateValidator.toCommand(requireIdentifier(deviceId, "deviceId"), body, json,
                clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/{deviceId}/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> configureRules(@PathVariable String deviceId, @RequestBody ConfigureRulesRequest request) {
        ConfigureDeviceRulesCommand command = RulesValidator.toCommand(requireIdentifier(deviceId, "deviceId"),
                request, clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{deviceId}")
    ResponseEntity<Void> decommission(@PathVariable String deviceId) {
        DecommissionDeviceCommand command = new DecommissionDeviceCommand(requireIdentifier(deviceId, "deviceId"),
                clock.instant());
        conflictRetry.run(() -> commandGateway.sendAndWait(command));
        return ResponseEntity.noContent().build();
    }

    record RegisteredDevice(String deviceId) {
    }
}
