package io.telemetra.command.escalation;

/** Where an escalation's notification is; every state but PENDING is final. */
public enum NotificationStatus {
    PENDING, DELIVERED, FAILED, SKIPPED
}
