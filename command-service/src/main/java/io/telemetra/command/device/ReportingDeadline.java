package io.telemetra.command.device;

import java.time.Instant;

/**
 * Payload of the deadline that watches a device's reporting interval; it must be the first parameter of the
 * {@code @DeadlineHandler} (a handler without a payload parameter was never invoked).
 *
 * @param dueAt when the device is late unless it reported since: the deadline's "now", as the aggregate reads no
 *              clock and deadline managers differ in the timestamp they give a fired deadline
 */
public record ReportingDeadline(Instant dueAt) {

    public static final String NAME = "device-reporting-interval";
}
