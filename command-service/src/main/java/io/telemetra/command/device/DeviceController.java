package io.telemetra.command.device;

import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.RegisterDeviceRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;

@RestController
@RequestMapping("/api/devices")
class DeviceController {

    private final CommandGateway commandGateway;
    private final Clock clock;

    DeviceController(CommandGateway commandGateway, Clock clock) {
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    /** 201 once the registration is stored; refusals surface as exceptions mapped to problem details. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RegisteredDevice> register(@RequestBody RegisterDeviceRequest request) {
        RegisterDeviceCommand command = RegistrationValidator.toCommand(request, clock.instant());
        commandGateway.sendAndWait(command);
        return ResponseEntity
                .created(UriComponentsBuilder.fromPath("/api/devices/{deviceId}").build(command.deviceId()))
                .body(new RegisteredDevice(command.deviceId()));
    }

    record RegisteredDevice(String deviceId) {
    }
}
