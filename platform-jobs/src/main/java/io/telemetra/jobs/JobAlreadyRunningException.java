package io.telemetra.jobs;

/** Answered 409 {@code JOB_ALREADY_RUNNING}. */
public class JobAlreadyRunningException extends RuntimeException {

    public JobAlreadyRunningException(String message) {
        super(message);
    }
}
