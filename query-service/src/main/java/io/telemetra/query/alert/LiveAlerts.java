package io.telemetra.query.alert;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The alert an event of {@code telemetra.device-events} leaves, as the live stream shows it. A raise carries the whole
 * alert. A change carries only what changed, so it is laid over the alert as stored in the read model, unless the
 * stored row already reflects it (projection-service got there first); when the row is not there yet (the projection
 * lags behind the stream), the view holds what the event says and null elsewhere, and a client merges it into the
 * alert it knows. This service reads Kafka itself, so the stream never waits for the projection.
 */
@Component
public class LiveAlerts {

    private static final Logger log = LoggerFactory.getLogger(LiveAlerts.class);

    private final AlertReadModel alerts;

    LiveAlerts(AlertReadModel alerts) {
        this.alerts = alerts;
    }

    /** @return the view, or empty for an event that is not about an alert */
    public Optional<AlertView> viewOf(String deviceId, long sequenceNumber, Object event) {
        if (event instanceof AlertRaisedEvent raised) {
            return Optional.of(AlertView.raised(raised));
        }
        String alertId = alertIdOf(event);
        if (alertId == null) {
            return Optional.empty();
        }
        Optional<AlertReadModel.StoredAlert> stored = stored(deviceId, alertId);
        if (stored.isPresent() && stored.get().sequenceNumber() >= sequenceNumber) {
            return Optional.of(stored.get().view());
        }
        AlertView base = stored.map(AlertReadModel.StoredAlert::view).orElseGet(() -> new AlertView(alertId, deviceId,
                null, null, null, null, 0, null, null, null, null, null, null, null, null));
        return Optional.of(base.after(event));
    }

    private Optional<AlertReadModel.StoredAlert> stored(String deviceId, String alertId) {
        try {
            return alerts.find(deviceId, alertId);
        } catch (DataAccessException e) {
            log.debug("Live stream: alert {} of {} not read ({}); showing the event alone", alertId, deviceId,
                    e.toString());
            return Optional.empty();
        }
    }

    private static String alertIdOf(Object event) {
        if (event instanceof AlertAcknowledgedEvent acknowledged) {
            return acknowledged.alertId();
        }
        if (event instanceof AlertEscalatedEvent escalated) {
            return escalated.alertId();
        }
        if (event instanceof AlertResolvedEvent resolved) {
            return resolved.alertId();
        }
        return null;
    }
}
