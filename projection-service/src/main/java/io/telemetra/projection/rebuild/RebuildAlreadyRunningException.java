package io.telemetra.projection.rebuild;

class RebuildAlreadyRunningException extends RuntimeException {

    RebuildAlreadyRunningException(String message) {
        super(message);
    }
}
