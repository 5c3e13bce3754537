package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.alert.AcknowledgeAlertCommand;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.alert.EscalateAlertCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The device's alerts, a part of the {@link Device} aggregate (same stream, same consistency boundary) that handles
 * what people and sagas do with an alert: its open alerts (at most one per metric and kind), how many it ever raised,
 * which numbers the next alert id, and the ids of the last {@value #RESOLVED_REMEMBERED} resolved ones, so that an
 * acknowledgement of one of those is told the alert is over and of an older one that the device has no such alert.
 * Alerts are raised and resolved by the device's readings and rules, in {@link Device}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class Alerts {

    static final int RESOLVED_REMEMBERED = 100;

    record OpenAlert(String alertId, String metric, AlertKind kind, AlertState state) {
    }

    private long raised;
    private LinkedHashMap<String, OpenAlert> open = new LinkedHashMap<>();
    private LinkedHashSet<String> recentlyResolved = new LinkedHashSet<>();

    /**
     * Refused for an alert the device does not know ({@code ALERT_NOT_FOUND}) or that is resolved
     * ({@code ALERT_RESOLVED}, while remembered); an alert acknowledged already records nothing more.
     */
    @CommandHandler
    void handle(AcknowledgeAlertCommand command) {
        OpenAlert alert = open.get(command.alertId());
        if (alert == null) {
            throw recentlyResolved.contains(command.alertId())
                    ? new DomainException(ErrorCode.ALERT_RESOLVED, "alert " + command.alertId() + " of device "
                    + command.deviceId() + " is resolved")
                    : new DomainException(ErrorCode.ALERT_NOT_FOUND, "device " + command.deviceId() + " has no alert "
                    + command.alertId());
        }
        if (alert.state() == AlertState.ACKNOWLEDGED) {
            return;
        }
        apply(new AlertAcknowledgedEvent(command.deviceId(), alert.alertId(), command.acknowledgedBy(),
                command.note(), command.requestedAt()));
    }

    /**
     * Sent by the automated response when nobody answered an alert in time: only an alert still OPEN is escalated; any
     * other (acknowledged, escalated, resolved, unknown) records nothing and is no error, as the answer may simply
     * have come first.
     */
    @CommandHandler
    void handle(EscalateAlertCommand command) {
        OpenAlert alert = open.get(command.alertId());
        if (alert == null || alert.state() != AlertState.OPEN) {
            return;
        }
        apply(new AlertEscalatedEvent(command.deviceId(), alert.alertId(), command.reason(), command.requestedAt()));
    }

    /** A name-based UUID of the device and the alert's number on it: unique, and the same whenever replayed. */
    String nextAlertId(String deviceId) {
        return UUID.nameUUIDFromBytes((deviceId + "/alert/" + (raised + 1)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The open alert of a metric and kind, or null. */
    OpenAlert find(String metric, AlertKind kind) {
        for (OpenAlert alert : open.values()) {
            if (alert.kind() == kind && alert.metric().equals(metric)) {
                return alert;
            }
        }
        return null;
    }

    List<OpenAlert> all() {
        return List.copyOf(open.values());
    }

    @EventSourcingHandler
    void on(AlertRaisedEvent event) {
        raised++;
        open.put(event.alertId(), new OpenAlert(event.alertId(), event.metric(), event.kind(), AlertState.OPEN));
    }

    @EventSourcingHandler
    void on(AlertAcknowledgedEvent event) {
        changed(event.alertId(), AlertState.ACKNOWLEDGED);
    }

    @EventSourcingHandler
    void on(AlertEscalatedEvent event) {
        changed(event.alertId(), AlertState.ESCALATED);
    }

    @EventSourcingHandler
    void on(AlertResolvedEvent event) {
        open.remove(event.alertId());
        recentlyResolved.add(event.alertId());
        Iterator<String> oldestFirst = recentlyResolved.iterator();
        while (recentlyResolved.size() > RESOLVED_REMEMBERED) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    private void changed(String alertId, AlertState state) {
        open.computeIfPresent(alertId, (id, alert) -> new OpenAlert(id, alert.metric(), alert.kind(), state));
    }
}
