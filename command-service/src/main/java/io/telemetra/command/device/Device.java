package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.DeviceAttribute;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A device's consistency boundary: decides in command handlers, changes state only from its own events. Time and ids
 * come with the commands, so replaying the stream always rebuilds the same state.
 * <p>
 * Loaded devices stay cached, and snapshots (its fields as JSON) keep loading time flat however long the stream grows.
 * Bump {@link #SNAPSHOT_REVISION} whenever the fields change: older snapshots are then ignored and the state is
 * rebuilt from the events.
 */
@Aggregate(cache = "deviceCache", snapshotTriggerDefinition = "deviceSnapshotTrigger",
        snapshotFilter = "deviceSnapshotFilter")
@Revision(Device.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Device {

    static final String SNAPSHOT_REVISION = "2";

    @AggregateIdentifier
    private String deviceId;
    private String name;
    private String site;
    private GeoLocation location;
    private Map<String, String> metadata = Map.of();
    private List<ThresholdRule> rules = List.of();
    private Integer reportingIntervalSeconds;
    private boolean online;
    private boolean decommissioned;
    private RecentReadingIds recentReadingIds = new RecentReadingIds();

    protected Device() {
        // for Axon: rebuilt from events
    }

    /** A second registration of the same id is refused by the event store's unique (aggregate, sequence) key. */
    @CommandHandler
    public Device(RegisterDeviceCommand command) {
        apply(new DeviceRegisteredEvent(command.deviceId(), command.type(), command.name(), command.site(),
                command.location(), command.metadata(), command.requestedAt()));
    }

    /** Records the attributes after the update; an update that changes nothing records nothing. */
    @CommandHandler
    public void handle(UpdateDeviceCommand command) {
        requireInService();
        String newName = command.name() != null ? command.name() : name;
        String newSite = updated(command.site(), site, command.removed().contains(DeviceAttribute.SITE));
        GeoLocation newLocation = updated(command.location(), location,
                command.removed().contains(DeviceAttribute.LOCATION));
        Map<String, String> newMetadata = command.removed().contains(DeviceAttribute.METADATA) ? Map.of()
                : command.metadata() != null ? command.metadata() : metadata;
        if (newName.equals(name) && Objects.equals(newSite, site) && Objects.equals(newLocation, location)
                && newMetadata.equals(metadata)) {
            return;
        }
        apply(new DeviceUpdatedEvent(deviceId, newName, newSite, newLocation, newMetadata, command.requestedAt()));
    }

    /** Replaces the rule set; the same rules and interval again record nothing. */
    @CommandHandler
    public void handle(ConfigureDeviceRulesCommand command) {
        requireInService();
        if (command.rules().equals(rules)
                && Objects.equals(command.reportingIntervalSeconds(), reportingIntervalSeconds)) {
            return;
        }
        apply(new DeviceRulesConfiguredEvent(deviceId, command.rules(), command.reportingIntervalSeconds(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(DecommissionDeviceCommand command) {
        requireInService();
        apply(new DeviceDecommissionedEvent(deviceId, command.requestedAt()));
    }

    /**
     * One event per reading not recorded before; a reading whose id the device still remembers (see
     * {@link RecentReadingIds}) is a duplicate and records nothing, also within one batch.
     */
    @CommandHandler
    public void handle(RecordReadingsCommand command) {
        requireInService();
        for (Reading reading : command.readings()) {
            if (recentReadingIds.contains(reading.readingId())) {
                continue;
            }
            if (!online) {
                apply(new DeviceCameOnlineEvent(deviceId, command.receivedAt()));
            }
            apply(new ReadingRecordedEvent(deviceId, reading.readingId(), reading.metric(), reading.value(),
                    reading.unit(), reading.timestamp(), command.receivedAt()));
        }
    }

    private void requireInService() {
        if (decommissioned) {
            throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "device " + deviceId + " is decommissioned");
        }
    }

    private static <T> T updated(T requested, T current, boolean removed) {
        if (removed) {
            return null;
        }
        return requested != null ? requested : current;
    }

    @EventSourcingHandler
    void on(DeviceRegisteredEvent event) {
        deviceId = event.deviceId();
        name = event.name();
        site = event.site();
        location = event.location();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(DeviceUpdatedEvent event) {
        name = event.name();
        site = event.site();
        location = event.location();
        metadata = event.metadata();
    }

    @EventSourcingHandler
    void on(DeviceRulesConfiguredEvent event) {
        rules = event.rules();
        reportingIntervalSeconds = event.reportingIntervalSeconds();
    }

    @EventSourcingHandler
    void on(DeviceDecommissionedEvent event) {
        decommissioned = true;
    }

    @EventSourcingHandler
    void on(DeviceCameOnlineEvent event) {
        online = true;
    }

    /** The bounds come from configuration: a Spring bean, resolved by Axon for every handler invocation. */
    @EventSourcingHandler
    void on(ReadingRecordedEvent event, DeviceProperties.Deduplication deduplication) {
        recentReadingIds.remember(event.readingId(), event.receivedAt(), deduplication);
    }
}
