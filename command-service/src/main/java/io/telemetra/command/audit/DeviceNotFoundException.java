package io.telemetra.command.audit;

/** No device with this id, or none yet at the instant asked about. */
class DeviceNotFoundException extends RuntimeException {

    DeviceNotFoundException(String message) {
        super(message);
    }
}
