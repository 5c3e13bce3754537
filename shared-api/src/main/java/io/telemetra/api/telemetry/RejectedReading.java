package io.telemetra.api.telemetry;

import io.telemetra.api.error.ErrorCode;

/**
 * One item of a batch that was not stored, and why.
 *
 * @param index  position of the item in the submitted array, from 0
 * @param code   the same stable code a single submission would have been refused with
 * @param detail what was wrong, naming the item's offending field where there is one
 */
public record RejectedReading(int index, ErrorCode code, String detail) {
}
