package io.telemetra.api.devicecommand;

/** Body of {@code POST /api/devices/{deviceId}/commands/{commandId}/ack}. */
public record AcknowledgeCommandRequest(String outcome, String message) {
}
