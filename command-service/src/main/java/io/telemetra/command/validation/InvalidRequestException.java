package io.telemetra.command.validation;

import io.telemetra.api.error.ErrorCode;

/**
 * A request refused at the edge, before any command is sent, naming the offending field (e.g. {@code readings[2].value})
 * so that the client can fix it.
 */
public class InvalidRequestException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public InvalidRequestException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException(ErrorCode.VALIDATION_FAILED, field, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The JSON path of the offending value, or {@code null} when the request as a whole is at fault. */
    public String field() {
        return field;
    }
}
