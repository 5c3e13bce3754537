package io.telemetra.api.telemetry;

/**
 * Answer to {@code POST /api/devices/{deviceId}/readings}, sent once every reading is durably stored.
 *
 * @param accepted   readings newly stored by this request
 * @param duplicates exact repeats of readings the device had stored already (same id, same content): stored once,
 *                   not again
 */
public record ReadingsAccepted(int accepted, int duplicates) {
}
