package io.telemetra.api.alert;

/** Body of {@code POST /api/devices/{deviceId}/alerts/{alertId}/acknowledge}; the body itself is optional. */
public record AcknowledgeAlertRequest(String note) {
}
