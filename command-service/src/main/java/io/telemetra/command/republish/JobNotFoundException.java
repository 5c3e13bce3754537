package io.telemetra.command.republish;

class JobNotFoundException extends RuntimeException {

    JobNotFoundException(String jobId) {
        super("no re-publication " + jobId + " on this instance");
    }
}
