package io.telemetra.api.kafka;

/**
 * Headers of a record on {@link Topics#DEVICE_TELEMETRY_DLT}: the original record's key, value and headers are kept
 * as they were, and these say why it was set aside and where it came from. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** The {@link io.telemetra.api.error.ErrorCode} name a REST submission of the same reading would have got. */
    public static final String ERROR_CODE = "telemetra-error-code";
    /** What was wrong, in words, naming the offending field where there is one. */
    public static final String ERROR_DETAIL = "telemetra-error-detail";
    public static final String ORIGINAL_TOPIC = "telemetra-original-topic";
    public static final String ORIGINAL_PARTITION = "telemetra-original-partition";
    public static final String ORIGINAL_OFFSET = "telemetra-original-offset";

    private DeadLetterHeaders() {
    }
}
