package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The device reported for the first time, or again after having been offline. */
@Revision("1")
public record DeviceCameOnlineEvent(String deviceId, Instant at) {
}
