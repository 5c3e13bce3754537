package io.telemetra.load;

import io.telemetra.api.telemetry.DeviceReading;

/**
 * A reading and when the open-loop schedule said to send it.
 *
 * @param sampled followed until it is visible in the read model
 */
record PlannedReading(DeviceReading reading, long scheduledNanos, boolean sampled) {
}
