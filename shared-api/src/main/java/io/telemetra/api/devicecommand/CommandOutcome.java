package io.telemetra.api.devicecommand;

/** What a device answers to a command: ACCEPTED (working on it) may be followed by one of the final three. */
public enum CommandOutcome {
    ACCEPTED, COMPLETED, REJECTED, FAILED;

    public boolean isFinal() {
        return this != ACCEPTED;
    }
}
