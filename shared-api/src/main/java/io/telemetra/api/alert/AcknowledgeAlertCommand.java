package io.telemetra.api.alert;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An operator acknowledges an open alert; acknowledging it again records nothing. */
public record AcknowledgeAlertCommand(@TargetAggregateIdentifier String deviceId, String alertId,
                                      String acknowledgedBy, String note, Instant requestedAt) {
}
