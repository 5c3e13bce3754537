package io.telemetra.api.kafka;

/**
 * Metadata keys every stored event carries, and with it every {@link EventEnvelope} on Kafka: who caused the event and
 * which message chain it belongs to. Auditors read them back from the history.
 */
public final class EventMetadata {

    /** Who sent the command: a token's subject, or {@code kafka:<topic>} for readings a gateway published. */
    public static final String PRINCIPAL = "principal";
    /**
     * Axon's correlation id: the identifier of the message that was being handled when the event was applied, which
     * is the message that caused it.
     */
    public static final String CORRELATION_ID = "correlationId";
    /** Axon's trace id: the identifier of the first message of the chain, shared by everything it led to. */
    public static final String TRACE_ID = "traceId";
    /**
     * The identifier of the command (or event) that directly caused this event: stored by events of earlier versions
     * only, as it always equals {@link #CORRELATION_ID}; the history still answers it for every event.
     */
    public static final String CAUSATION_ID = "causationId";

    private EventMetadata() {
    }
}
