package io.telemetra.load;

import java.util.Locale;

/** How simulated devices send their readings. */
enum IngestPath {
    /** {@code POST /api/readings} when the service has it, else {@code POST /api/devices/{id}/readings}. */
    REST,
    /** A gateway's producer on {@code telemetra.device-telemetry}, keyed by device id. */
    KAFKA,
    /** Each device its own MQTT connection, publishing on {@code telemetra/devices/<id>/readings}. */
    MQTT;

    static IngestPath of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
