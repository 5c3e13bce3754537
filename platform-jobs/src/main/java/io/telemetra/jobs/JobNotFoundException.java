package io.telemetra.jobs;

/** Answered 404 {@code NOT_FOUND}: jobs live in the memory of the instance that ran them. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String kind, String id) {
        super("no " + kind + " " + id + " on this instance");
    }
}
