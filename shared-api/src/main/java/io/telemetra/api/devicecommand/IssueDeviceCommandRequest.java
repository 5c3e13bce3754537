package io.telemetra.api.devicecommand;

import java.util.Map;

/** Body of {@code POST /api/devices/{deviceId}/commands}: {@code type} such as REBOOT, THROTTLE, SET_CONFIG. */
public record IssueDeviceCommandRequest(String type, Map<String, Object> parameters) {
}
