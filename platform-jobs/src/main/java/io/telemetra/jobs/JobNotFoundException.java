package io.telemetra.jobs;

/** Answered 404 {@code NOT_FOUND}. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String kind, String id) {
        super("no " + kind + " " + id);
    }
}
