package io.telemetra.api.alert;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Escalates an alert nobody answered; an alert already escalated, acknowledged or resolved records nothing. */
public record EscalateAlertCommand(@TargetAggregateIdentifier String deviceId, String alertId, String reason,
                                   Instant requestedAt) {
}
