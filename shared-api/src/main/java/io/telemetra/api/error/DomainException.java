package io.telemetra.api.error;

import org.axonframework.commandhandling.CommandExecutionException;

/**
 * A refusal with a stable {@link ErrorCode}. Thrown by aggregates; the code travels across Axon's command gateway as
 * the exception's details (a distributed command bus keeps the details, not the exception class), so the REST layer
 * maps it to the same problem detail wherever it was raised.
 */
public class DomainException extends CommandExecutionException {

    private final ErrorCode code;

    public DomainException(ErrorCode code, String message) {
        super(message, null, code);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
