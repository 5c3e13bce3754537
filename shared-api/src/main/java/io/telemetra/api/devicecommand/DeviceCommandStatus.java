package io.telemetra.api.devicecommand;

/** A device command's delivery state; ISSUED and ACKNOWLEDGED are open, the rest final. */
public enum DeviceCommandStatus {
    ISSUED, ACKNOWLEDGED, COMPLETED, REJECTED, FAILED, TIMED_OUT;

    /** ISSUED or ACKNOWLEDGED (the device accepted it, it is not done yet). */
    public boolean isOpen() {
        return this == ISSUED || this == ACKNOWLEDGED;
    }

    public static DeviceCommandStatus of(CommandOutcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> ACKNOWLEDGED;
            case COMPLETED -> COMPLETED;
            case REJECTED -> REJECTED;
            case FAILED -> FAILED;
        };
    }
}
