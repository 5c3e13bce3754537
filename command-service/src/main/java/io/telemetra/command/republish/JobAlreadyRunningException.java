package io.telemetra.command.republish;

class JobAlreadyRunningException extends RuntimeException {

    JobAlreadyRunningException(String message) {
        super(message);
    }
}
