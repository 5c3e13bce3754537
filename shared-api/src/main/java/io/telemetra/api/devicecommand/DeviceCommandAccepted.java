package io.telemetra.api.devicecommand;

/** Answer of {@code POST /api/devices/{deviceId}/commands} (202). */
public record DeviceCommandAccepted(String commandId) {
}
