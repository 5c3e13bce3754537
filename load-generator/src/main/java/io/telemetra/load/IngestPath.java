package io.telemetra.load;

import java.util.Locale;

/** How simulated devices send their readings. */
public enum IngestPath {
    /** {@code POST /api/readings} when the service has it, else {@code POST /api/devices/{id}/readings}. */
    REST,
    /** A gateway's producer on {@code telemetra.device-telemetry}, keyed by device id. */
    KAFKA,
    /** Each device its own MQTT connection, publishing on {@code telemetra/devices/<id>/readings}. */
    MQTT;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
