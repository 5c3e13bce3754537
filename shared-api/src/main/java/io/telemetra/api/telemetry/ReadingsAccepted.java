package io.telemetra.api.telemetry;

/** Answer to a reading submission: how many readings were durably stored (duplicates count as accepted). */
public record ReadingsAccepted(int accepted) {
}
