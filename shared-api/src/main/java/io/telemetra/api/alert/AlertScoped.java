package io.telemetra.api.alert;

/** An event of one alert's lifecycle, which every reader of alerts keys by device and alert id. */
public sealed interface AlertScoped
        permits AlertRaisedEvent, AlertAcknowledgedEvent, AlertEscalatedEvent, AlertResolvedEvent {

    String deviceId();

    String alertId();
}
