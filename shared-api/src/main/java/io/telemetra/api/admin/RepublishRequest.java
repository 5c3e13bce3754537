package io.telemetra.api.admin;

import java.time.Instant;

/**
 * Body of {@code POST /api/admin/republish} on command-service.
 *
 * @param from re-publish from the first event stored at or after this instant; null for the whole history
 */
public record RepublishRequest(Instant from) {
}
