package io.telemetra.projection.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a device's stream, decoded and validated, ready to be applied to the read model.
 *
 * @param deviceId       the aggregate id
 * @param sequenceNumber position in the device's stream; the idempotency key together with the device id
 * @param type           the wire type name
 * @param storedAt       when the write side stored the event, if the envelope said so
 * @param payload        the event, of the class {@link io.telemetra.api.kafka.DeviceEventTypes} names for its type;
 *                       {@code null} for a type this version does not know
 */
public record DeviceEvent(String deviceId, long sequenceNumber, String type, Instant storedAt, Object payload) {

    public DeviceEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
    }

    public boolean isKnownType() {
        return payload != null;
    }
}
