package io.telemetra.command.telemetry;

/**
 * A way readings come in. A channel that answers a caller (REST) reports a failure to process a device's readings to
 * it; a channel that reads a stream sets such a device's readings aside with the reason instead of stopping the stream
 * behind them, unless trying again can cure the failure (database down).
 */
public enum Channel {
    REST("rest", false),
    KAFKA("kafka", true),
    MQTT("mqtt", true);

    private final String tag;
    private final boolean setsAsideUnexpectedFailures;

    Channel(String tag, boolean setsAsideUnexpectedFailures) {
        this.tag = tag;
        this.setsAsideUnexpectedFailures = setsAsideUnexpectedFailures;
    }

    /** The {@code channel} tag of the ingestion meters. */
    String tag() {
        return tag;
    }

    boolean setsAsideUnexpectedFailures() {
        return setsAsideUnexpectedFailures;
    }
}
