package io.telemetra.command.telemetry;

import io.telemetra.api.telemetry.Reading;

/**
 * One validated reading of a submission.
 *
 * @param index its position in what the channel received (the request's array, the poll), reported back with its
 *              outcome
 */
public record IngestionItem(int index, String deviceId, Reading reading) {
}
