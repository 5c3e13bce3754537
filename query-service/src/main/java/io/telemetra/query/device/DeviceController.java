package io.telemetra.query.device;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.query.DeviceView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/devices")
class DeviceController {

    private final DeviceReadModel devices;

    DeviceController(DeviceReadModel devices) {
        this.devices = devices;
    }

    @GetMapping("/{deviceId}")
    DeviceView device(@PathVariable String deviceId) {
        return devices.findDevice(deviceId)
                .orElseThrow(() -> new DomainException(ErrorCode.DEVICE_NOT_FOUND, "No device " + deviceId));
    }
}
