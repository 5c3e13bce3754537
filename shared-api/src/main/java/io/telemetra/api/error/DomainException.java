package io.telemetra.api.error;

/**
 * A refusal with a stable {@link ErrorCode}. Thrown by aggregates; the code travels across Axon's command gateway as
 * the exception's details so the REST layer can map it to the same problem detail wherever it was raised.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
