package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The device sent nothing within its expected reporting interval.
 *
 * @param lastSeen when its last reading was received
 * @param at       when the gap was detected
 */
@Revision("1")
public record DeviceWentOfflineEvent(String deviceId, Instant lastSeen, Instant at) {
}
