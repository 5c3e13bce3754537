package io.telemetra.api.device;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The device is out of service for good; it accepts no further commands or readings. */
@Revision("1")
public record DeviceDecommissionedEvent(String deviceId, Instant decommissionedAt) {
}
