package io.telemetra.projection.event;

/** A record that cannot be turned into a device event: retrying cannot help, the record is set aside. */
public class MalformedEventException extends Exception {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
