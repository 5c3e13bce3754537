package io.telemetra.api.kafka;

/** Kafka topic names: part of the public contract, every record keyed by device id. */
public final class Topics {

    /** Gateway readings in; a record's value is one {@code DeviceReading} as JSON. */
    public static final String DEVICE_TELEMETRY = "telemetra.device-telemetry";
    /** Gateway readings that could not be processed, with the reason in headers. */
    public static final String DEVICE_TELEMETRY_DLT = "telemetra.device-telemetry.DLT";
    /** Every domain event as an {@link EventEnvelope}, in per-device order. */
    public static final String DEVICE_EVENTS = "telemetra.device-events";
    /** Commands to devices. */
    public static final String DEVICE_COMMANDS = "telemetra.device-commands";

    private Topics() {
    }
}
