package io.telemetra.command.response;

/** Why the alert response saga escalated an alert; a tag of the escalation counter. */
public enum EscalationCause {
    /** The device never answered the response command, or accepted it and never finished it. */
    COMMAND_TIMED_OUT,
    /** The device answered the response command REJECTED. */
    COMMAND_REJECTED,
    /** The device answered the response command FAILED. */
    COMMAND_FAILED,
    /** The response command could not be issued at all (the device refused it). */
    RESPONSE_NOT_ISSUED,
    /** No response command, and no operator acknowledged the alert in time. */
    NOT_ACKNOWLEDGED
}
