package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

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

    static final String SNAPSHOT_REVISION = "1";

    @AggregateIdentifier
    private String deviceId;
    private boolean online;

    protected Device() {
        // for Axon: rebuilt from events
    }

    /** A second registration of the same id is refused by the event store's unique (aggregate, sequence) key. */
    @CommandHandler
    public Device(RegisterDeviceCommand command) {
        apply(new DeviceRegisteredEvent(command.deviceId(), command.type(), command.name(), command.site(),
                command.location(), command.metadata(), command.requestedAt()));
    }

    @CommandHandler
    public void handle(RecordReadingsCommand command) {
        if (command.readings().isEmpty()) {
            return;
        }
        if (!online) {
            apply(new DeviceCameOnlineEvent(deviceId, command.receivedAt()));
        }
        for (Reading reading : command.readings()) {
            apply(new ReadingRecordedEvent(deviceId, reading.readingId(), reading.metric(), reading.value(),
                    reading.unit(), reading.timestamp(), command.receivedAt()));
        }
    }

    @EventSourcingHandler
    void on(DeviceRegisteredEvent event) {
        deviceId = event.deviceId();
    }

    @EventSourcingHandler
    void on(DeviceCameOnlineEvent event) {
        online = true;
    }
}
