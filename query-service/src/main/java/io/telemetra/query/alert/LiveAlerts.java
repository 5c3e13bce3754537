package io.telemetra.query.alert;

import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertScoped;
import io.telemetra.api.query.AlertView;
import io.telemetra.query.live.StoredView;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The alert an event of {@code telemetra.device-events} leaves, as the live stream shows it: a raise carries the whole
 * alert, a change is laid over the stored alert as {@link StoredView#afterChange} does it.
 */
@Component
public class LiveAlerts {

    private final AlertReadModel alerts;

    LiveAlerts(AlertReadModel alerts) {
        this.alerts = alerts;
    }

    /** @return the view, or empty for an event that is not about an alert */
    public Optional<AlertView> viewOf(String deviceId, long sequenceNumber, Object event) {
        if (event instanceof AlertRaisedEvent raised) {
            return Optional.of(AlertView.raised(raised));
        }
        if (!(event instanceof AlertScoped change)) {
            return Optional.empty();
        }
        String alertId = change.alertId();
        return Optional.of(StoredView.afterChange(() -> alerts.find(deviceId, alertId), sequenceNumber,
                () -> new AlertView(alertId, deviceId, null, null, null, null, 0, null, null, null, null, null, null,
                        null, null),
                alert -> alert.after(event), "alert " + alertId + " of " + deviceId));
    }
}
