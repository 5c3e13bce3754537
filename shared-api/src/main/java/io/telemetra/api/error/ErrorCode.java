package io.telemetra.api.error;

/** Stable, machine-readable error codes shared by every service; each maps to one HTTP status. */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    MALFORMED_REQUEST(400),
    PAYLOAD_TOO_LARGE(413),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    UNSUPPORTED_MEDIA_TYPE(415),
    DEVICE_NOT_FOUND(404),
    DEVICE_ALREADY_REGISTERED(409),
    DEVICE_DECOMMISSIONED(409),
    ALERT_NOT_FOUND(404),
    ALERT_RESOLVED(409),
    DEVICE_COMMAND_NOT_FOUND(404),
    DEVICE_COMMAND_CLOSED(409),
    CONCURRENT_MODIFICATION(409),
    READING_CONFLICT(409),
    PARKED_EVENT_NOT_APPLICABLE(409),
    JOB_ALREADY_RUNNING(409),
    ARCHIVE_DISABLED(409),
    EVENT_UNPROCESSABLE(422),
    SERVICE_UNAVAILABLE(503),
    STORE_UNAVAILABLE(503),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
