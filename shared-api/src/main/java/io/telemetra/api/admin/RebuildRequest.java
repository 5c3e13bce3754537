package io.telemetra.api.admin;

import java.time.Instant;

/**
 * Body of {@code POST /api/admin/rebuild} on projection-service, optional.
 *
 * @param readingsFrom null to replay every event; otherwise readings whose event time is before this instant
 *                     (rounded down to the hour) are not replayed, and what they made (raw readings and windows
 *                     before it, latest values, last-seen times) is taken over from the live read models at the
 *                     switch-over: a rebuild from the hot horizon, when older readings were archived
 */
public record RebuildRequest(Instant readingsFrom) {
}
