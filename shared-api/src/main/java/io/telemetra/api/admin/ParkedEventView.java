package io.telemetra.api.admin;

import java.time.Instant;

/**
 * A record of {@code telemetra.device-events} that projection-service set aside, as
 * {@code GET /api/admin/parked-events} lists it.
 *
 * @param id        what {@code POST /api/admin/parked-events/{id}/retry} takes
 * @param key       the record key, the device id by contract
 * @param value     the record value as UTF-8 text, or null when the record had none
 * @param reason    {@code malformed} (cannot be decoded) or {@code refused} (the database refused it)
 * @param detail    why, as the last attempt saw it
 * @param retries   retries that failed so far
 */
public record ParkedEventView(long id, String topic, int partition, long offset, String key, String value,
                              String reason, String detail, Instant parkedAt, int retries, Instant lastRetriedAt) {
}
