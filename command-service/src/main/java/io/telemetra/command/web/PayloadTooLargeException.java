package io.telemetra.command.web;

/** A request body over {@link RequestLimits#maxRequestSize()}: answered 413 {@code PAYLOAD_TOO_LARGE}. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
    }
}
