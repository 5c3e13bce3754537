package io.telemetra.command.audit;

import java.time.Instant;

/**
 * A validated history request.
 *
 * @param from        inclusive lower bound on the event's stored time, or null
 * @param to          exclusive upper bound, or null
 * @param payloadType only events of this class, or null for all
 */
record HistoryQuery(String deviceId, Instant from, Instant to, Class<?> payloadType, int page, int size) {
}
