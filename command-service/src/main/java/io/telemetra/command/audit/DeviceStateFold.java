package io.telemetra.command.audit;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.audit.DeviceStateView;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.LatestReading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's state folded from its events, one at a time in stream order: the audit view of the device, which holds
 * more than the aggregate keeps for its decisions (names, latest readings). The same rules as the read model apply:
 * the latest reading per metric is the newest by event time (ties: the later event), last seen is ingestion time.
 * Alerts are kept while open, as the alert read model shows them. Events of a type this version does not know, and
 * those that do not change this view (device commands), only advance the sequence.
 */
final class DeviceStateFold {

    private record Latest(LatestReading reading, long sequence) {
    }

    private String deviceId;
    private String type;
    private String name;
    private String site;
    private GeoLocation location;
    private Map<String, String> metadata = Map.of();
    private Instant registeredAt;
    private DeviceStatus status;
    private Instant lastSeen;
    private final Map<String, Latest> latest = new TreeMap<>();
    private List<ThresholdRule> rules = List.of();
    private Integer reportingIntervalSeconds;
    private final Map<String, AlertView> openAlerts = new LinkedHashMap<>();
    private long sequence = -1;

    void apply(long sequenceNumber, Object event) {
        sequence = sequenceNumber;
        if (event instanceof DeviceRegisteredEvent registered) {
            deviceId = registered.deviceId();
            type = registered.type();
            name = registered.name();
            site = registered.site();
            location = registered.location();
            metadata = registered.metadata();
            registeredAt = registered.registeredAt();
            status = DeviceStatus.REGISTERED;
        } else if (event instanceof DeviceUpdatedEvent updated) {
            name = updated.name();
            site = updated.site();
            location = updated.location();
            metadata = updated.metadata();
        } else if (event instanceof DeviceRulesConfiguredEvent configured) {
            rules = configured.rules();
            reportingIntervalSeconds = configured.reportingIntervalSeconds();
        } else if (event instanceof DeviceDecommissionedEvent) {
            status = DeviceStatus.DECOMMISSIONED;
        } else if (event instanceof DeviceCameOnlineEvent online) {
            status = DeviceStatus.ONLINE;
            lastSeen = later(lastSeen, online.at());
        } else if (event instanceof DeviceWentOfflineEvent && status != DeviceStatus.DECOMMISSIONED) {
            status = DeviceStatus.OFFLINE;
        } else if (event instanceof ReadingRecordedEvent reading) {
            lastSeen = later(lastSeen, reading.receivedAt() != null ? reading.receivedAt() : reading.timestamp());
            Latest candidate = new Latest(new LatestReading(reading.value(), reading.unit(), reading.timestamp()),
                    sequenceNumber);
            latest.merge(reading.metric(), candidate, (old, now) -> isNewer(now, old) ? now : old);
        } else if (event instanceof AlertRaisedEvent raised) {
            openAlerts.put(raised.alertId(), AlertView.raised(raised));
        } else if (event instanceof AlertAcknowledgedEvent acknowledged) {
            openAlerts.computeIfPresent(acknowledged.alertId(), (id, alert) -> alert.after(acknowledged));
        } else if (event instanceof AlertEscalatedEvent escalated) {
            openAlerts.computeIfPresent(escalated.alertId(), (id, alert) -> alert.after(escalated));
        } else if (event instanceof AlertResolvedEvent resolved) {
            openAlerts.remove(resolved.alertId());
        }
    }

    boolean registered() {
        return deviceId != null;
    }

    DeviceStateView view(Instant asOf) {
        Map<String, LatestReading> readings = new TreeMap<>();
        latest.forEach((metric, entry) -> readings.put(metric, entry.reading()));
        return new DeviceStateView(deviceId, asOf, sequence, status, type, name, site, location, metadata,
                registeredAt, lastSeen, readings, rules, reportingIntervalSeconds, List.copyOf(openAlerts.values()));
    }

    private static boolean isNewer(Latest candidate, Latest current) {
        int byEventTime = candidate.reading().timestamp().compareTo(current.reading().timestamp());
        return byEventTime > 0 || (byEventTime == 0 && candidate.sequence() > current.sequence());
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
