package io.telemetra.cli;

/** Ends a command with a message for the person at the terminal and an exit code. */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** What cannot be done, as {@code telemetra: <why>}, exit code 1. */
    static CliException die(String why) {
        return new CliException("telemetra: " + why, 1);
    }

    int exitCode() {
        return exitCode;
    }
}
