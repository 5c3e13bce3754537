package io.telemetra.query.devicecommand;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.query.DeviceCommandView;
import io.telemetra.api.query.Page;
import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DeviceCommandController {

    private final DeviceCommandReadModel commands;
    private final QueryProperties properties;

    DeviceCommandController(DeviceCommandReadModel commands, QueryProperties properties) {
        this.commands = commands;
        this.properties = properties;
    }

    @Operation(summary = "A device's command history, newest first, with each command's acknowledgement state",
            description = "status ISSUED or ACKNOWLEDGED (accepted, not done yet) while open; COMPLETED, REJECTED,"
                    + " FAILED or TIMED_OUT once closed. attempts counts deliveries; outcome, message and answeredAt"
                    + " are the device's last answer (answeredAt is when it timed out for TIMED_OUT). An unknown"
                    + " device is a 404 DEVICE_NOT_FOUND; a page size above the limit a 400 naming it.")
    @GetMapping("/api/devices/{deviceId}/commands")
    Page<DeviceCommandView> commands(
            @Parameter(example = "boiler-7") @PathVariable String deviceId,
            @Parameter(description = "zero-based page index", example = "0") @RequestParam(required = false)
            Integer page,
            @Parameter(description = "items per page, bounded", example = "20") @RequestParam(required = false)
            Integer size) {
        return commands.findCommands(deviceId, PageRequest.of(page, size, properties.page()))
                .orElseThrow(() -> new DomainException(ErrorCode.DEVICE_NOT_FOUND, "No device " + deviceId));
    }
}
