package io.telemetra.api.admin;

/**
 * Answer of {@code POST /api/admin/parked-events/{id}/retry} once the record was applied and removed from the parking.
 *
 * @param outcome {@code APPLIED}, or {@code UNKNOWN_TYPE} when only the device's sequence advanced
 */
public record ParkedEventRetried(long id, String outcome) {
}
