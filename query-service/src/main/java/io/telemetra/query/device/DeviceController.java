package io.telemetra.query.device;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.query.DeviceRulesView;
import io.telemetra.api.query.DeviceView;
import io.telemetra.api.query.Page;
import io.telemetra.query.config.QueryProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/devices")
class DeviceController {

    private final DeviceReadModel devices;
    private final QueryProperties properties;

    DeviceController(DeviceReadModel devices, QueryProperties properties) {
        this.devices = devices;
        this.properties = properties;
    }

    @Operation(summary = "The fleet, filtered, sorted and paged",
            description = "Each device with its latest reading per metric. Unknown filter values, a page size above"
                    + " the limit or a sort on another field are a 400 naming the parameter.")
    @GetMapping
    Page<DeviceView> devices(
            @Parameter(description = "text the device id or name contains, case-insensitively", example = "boiler")
            @RequestParam(required = false) String q,
            @Parameter(example = "thermostat") @RequestParam(required = false) String type,
            @Parameter(description = "REGISTERED, ONLINE, OFFLINE or DECOMMISSIONED", example = "ONLINE")
            @RequestParam(required = false) String status,
            @Parameter(example = "plant-north") @RequestParam(required = false) String site,
            @Parameter(description = "zero-based page index", example = "0") @RequestParam(required = false)
            Integer page,
            @Parameter(description = "items per page, bounded", example = "20") @RequestParam(required = false)
            Integer size,
            @Parameter(description = "field[,asc|desc], repeatable; fields: deviceId, name, type, site, status,"
                    + " registeredAt, lastSeen", example = "lastSeen,desc") @RequestParam(required = false)
            String sort) {
        return devices.findDevices(DeviceListQuery.of(q, type, status, site, page, size, sort, properties.page()));
    }

    @Operation(summary = "The rule set last configured on the device",
            description = "Thresholds (min, max, hysteresis), anomaly detection and response command per metric, and"
                    + " the expected reporting interval; an empty list when none was configured.")
    @GetMapping("/{deviceId}/rules")
    DeviceRulesView rules(@Parameter(example = "boiler-7") @PathVariable String deviceId) {
        return devices.findRules(deviceId)
                .orElseThrow(() -> new DomainException(ErrorCode.DEVICE_NOT_FOUND, "No device " + deviceId));
    }

    @Operation(summary = "One device with its latest reading per metric")
    @GetMapping("/{deviceId}")
    DeviceView device(@Parameter(example = "boiler-7") @PathVariable String deviceId) {
        return devices.findDevice(deviceId)
                .orElseThrow(() -> new DomainException(ErrorCode.DEVICE_NOT_FOUND, "No device " + deviceId));
    }
}
