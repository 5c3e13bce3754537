package io.telemetra.command.response;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Timing of the automated responses.
 *
 * @param ackTimeout                  how long a device has to answer a delivery of a command before it is sent again
 * @param maxAttempts                 deliveries of a command in all, the first included, before it times out
 * @param completionTimeout           how long a command the device accepted may stay unfinished before it times out
 * @param escalateUnacknowledgedAfter how long an alert whose rule sends no command may stay unacknowledged by an
 *                                    operator before it is escalated
 */
@ConfigurationProperties("telemetra.responses")
public record ResponseProperties(
        @DefaultValue("30s") Duration ackTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10m") Duration completionTimeout,
        @DefaultValue("15m") Duration escalateUnacknowledgedAfter) {

    public ResponseProperties {
        if (ackTimeout.isNegative() || ackTimeout.isZero() || completionTimeout.isNegative()
                || completionTimeout.isZero() || escalateUnacknowledgedAfter.isNegative()
                || escalateUnacknowledgedAfter.isZero()) {
            throw new IllegalArgumentException("telemetra.responses.ack-timeout, completion-timeout and "
                    + "escalate-unacknowledged-after must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("telemetra.responses.max-attempts must be at least 1");
        }
    }
}
