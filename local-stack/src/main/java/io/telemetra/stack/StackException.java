package io.telemetra.stack;

/** The stack could not start; the message says why in terms the user can act on. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
