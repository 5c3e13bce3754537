package io.telemetra.api.kafka;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stable type names of the events published to Kafka. Names never change once published: consumers select a payload
 * class by name and revision, never by Java class name, so classes may move without breaking the wire.
 */
public final class DeviceEventTypes {

    private static final Map<String, Class<?>> BY_NAME = Map.ofEntries(
            Map.entry("DeviceRegistered", DeviceRegisteredEvent.class),
            Map.entry("DeviceUpdated", DeviceUpdatedEvent.class),
            Map.entry("DeviceRulesConfigured", DeviceRulesConfiguredEvent.class),
            Map.entry("DeviceDecommissioned", DeviceDecommissionedEvent.class),
            Map.entry("DeviceCameOnline", DeviceCameOnlineEvent.class),
            Map.entry("DeviceWentOffline", DeviceWentOfflineEvent.class),
            Map.entry("ReadingRecorded", ReadingRecordedEvent.class),
            Map.entry("AlertRaised", AlertRaisedEvent.class),
            Map.entry("AlertAcknowledged", AlertAcknowledgedEvent.class),
            Map.entry("AlertEscalated", AlertEscalatedEvent.class),
            Map.entry("AlertResolved", AlertResolvedEvent.class),
            Map.entry("DeviceCommandIssued", DeviceCommandIssuedEvent.class),
            Map.entry("DeviceCommandAcknowledged", DeviceCommandAcknowledgedEvent.class),
            Map.entry("DeviceCommandRedelivered", DeviceCommandRedeliveredEvent.class),
            Map.entry("DeviceCommandTimedOut", DeviceCommandTimedOutEvent.class));

    private static final Map<Class<?>, String> BY_CLASS = BY_NAME.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private DeviceEventTypes() {
    }

    public static Optional<String> nameOf(Class<?> eventClass) {
        return Optional.ofNullable(BY_CLASS.get(eventClass));
    }

    public static Optional<Class<?>> classOf(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
