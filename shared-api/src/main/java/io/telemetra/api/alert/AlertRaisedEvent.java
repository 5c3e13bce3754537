package io.telemetra.api.alert;

import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A rule of the device was breached. At most one alert per metric and kind is open at a time; alerts of different
 * metrics or kinds are independent.
 *
 * @param value            the reading that breached the rule
 * @param readingTimestamp that reading's event time
 * @param rule             the rule as configured when it fired (its {@code response}, if any, is sent to the device)
 * @param detail           a sentence for people, e.g. "temperature 92.5 above max 80.0"
 */
@Revision("1")
public record AlertRaisedEvent(
        String deviceId,
        String alertId,
        String metric,
        AlertKind kind,
        Severity severity,
        double value,
        Instant readingTimestamp,
        ThresholdRule rule,
        String detail,
        Instant raisedAt) implements AlertScoped {
}
