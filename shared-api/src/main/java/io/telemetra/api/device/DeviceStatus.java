package io.telemetra.api.device;

public enum DeviceStatus {
    REGISTERED, ONLINE, OFFLINE, DECOMMISSIONED
}
