package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertState;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * The device's open alerts (at most one per metric and kind), how many it ever raised, which numbers the next alert
 * id, and the ids of the last {@value #RESOLVED_REMEMBERED} resolved ones: an acknowledgement of one of those is told
 * the alert is over; of an older one, that the device has no such alert.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class OpenAlerts {

    static final int RESOLVED_REMEMBERED = 100;

    record OpenAlert(String alertId, String metric, AlertKind kind, AlertState state) {
    }

    private long raised;
    private LinkedHashMap<String, OpenAlert> open = new LinkedHashMap<>();
    private LinkedHashSet<String> recentlyResolved = new LinkedHashSet<>();

    /** A name-based UUID of the device and the alert's number on it: unique, and the same whenever replayed. */
    String nextAlertId(String deviceId) {
        return UUID.nameUUIDFromBytes((deviceId + "/alert/" + (raised + 1)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The open alert with this id, or null. */
    OpenAlert get(String alertId) {
        return open.get(alertId);
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

    boolean recentlyResolved(String alertId) {
        return recentlyResolved.contains(alertId);
    }

    void raised(AlertRaisedEvent event) {
        raised++;
        open.put(event.alertId(), new OpenAlert(event.alertId(), event.metric(), event.kind(), AlertState.OPEN));
    }

    void changed(String alertId, AlertState state) {
        open.computeIfPresent(alertId, (id, alert) -> new OpenAlert(id, alert.metric(), alert.kind(), state));
    }

    void resolved(String alertId) {
        open.remove(alertId);
        recentlyResolved.add(alertId);
        Iterator<String> oldestFirst = recentlyResolved.iterator();
        while (recentlyResolved.size() > RESOLVED_REMEMBERED) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
