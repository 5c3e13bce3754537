package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.EscalateAlertCommand;
import io.telemetra.api.device.ConfigureDeviceRulesCommand;
import io.telemetra.api.device.DecommissionDeviceCommand;
import io.telemetra.api.device.DeviceAttribute;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.devicecommand.RedeliverDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingOutcome;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.api.telemetry.RecordReadingsResult;
import io.telemetra.command.device.Alerts.OpenAlert;
import io.telemetra.command.device.MetricRule.Verdict;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A device's consistency boundary: decides in command handlers, changes state only from its own events. Time and ids
 * come with the commands (and with the deadline's payload), so replaying the stream always rebuilds the same state.
 * <p>
 * The root owns the device's lifecycle, its rules, its readings (with their deduplication, see
 * {@link RecentReadingIds}) and its reporting deadline. Two parts own the rest, in the same stream and the same
 * consistency boundary: {@link Alerts} (what people and sagas do with an alert) and {@link DeviceCommands} (the
 * commands sent to the device and its answers); the root refuses every command, theirs included, once the device is
 * decommissioned.
 * <p>
 * Rules are evaluated as readings are recorded: a threshold breach or an anomaly raises an alert, a reading back to
 * normal resolves it (see {@link MetricRule} for which readings count). An expected reporting interval is watched by
 * one deadline per device, scheduled when the device comes online or the interval changes, and moved forward only
 * when it fires, so recording a reading never touches the deadline manager.
 * <p>
 * Loaded devices stay cached (a cached device is compared with the store before it decides, since other instances
 * write the same streams), and snapshots (its fields as JSON) keep loading time flat however long the stream grows.
 * Bump {@link #SNAPSHOT_REVISION} whenever the fields change: older snapshots are then ignored and the state is
 * rebuilt from the events.
 */
@Aggregate(repository = "deviceRepository", snapshotFilter = "deviceSnapshotFilter",
        commandTargetResolver = "deviceCommandTargetResolver")
@Revision(Device.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Device {

    public static final String SNAPSHOT_REVISION = "6";

    /**
     * How many reading ids a device remembers at least (see {@link RecentReadingIds}): a request or a poll sent again
     * is recognised whole only if it carries no more readings than this.
     */
    public static final int REMEMBERED_READING_IDS = RecentReadingIds.MAX_IDS;

    @AggregateIdentifier
    private String deviceId;
    private String name;
    private String site;
    private GeoLocation location;
    private Map<String, String> metadata = Map.of();
    private MetricRules rules = new MetricRules();
    private Integer reportingIntervalSeconds;
    private boolean online;
    /** ingestion time of the last reading */
    private Instant lastSeen;
    private boolean decommissioned;
    private RecentReadingIds recentReadingIds = new RecentReadingIds();
    @AggregateMember(eventForwardingMode = ForwardHandledEvents.class)
    private Alerts alerts = new Alerts();
    @AggregateMember(eventForwardingMode = ForwardHandledEvents.class)
    private DeviceCommands commands = new DeviceCommands();

    protected Device() {
        // for Axon: rebuilt from events
    }

    /** A second registration of the same id is refused by the event store's stream head, as a duplicate key. */
    @CommandHandler
    public Device(RegisterDeviceCommand command) {
        apply(new DeviceRegisteredEvent(command.deviceId(), command.type(), command.name(), command.site(),
                command.location(), command.metadata(), command.requestedAt()));
    }

    /** Records the attributes after the update; an update that changes nothing records nothing. */
    @CommandHandler
    public void handle(UpdateDeviceCommand command) {
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

    /**
     * Replaces the rule set; the same rules and interval again record nothing. An open alert whose check is gone (its
     * metric has no rule any more, or the rule lost the bound or the anomaly detection that raised it) is resolved. A
     * new interval replaces the pending deadline: the device, if online, is expected to report within the interval
     * from now or from its last reading, whichever is later.
     */
    @CommandHandler
    public void handle(ConfigureDeviceRulesCommand command, DeadlineManager deadlineManager) {
        boolean intervalChanged = !Objects.equals(command.reportingIntervalSeconds(), reportingIntervalSeconds);
        if (command.rules().equals(rules.rules()) && !intervalChanged) {
            return;
        }
        apply(new DeviceRulesConfiguredEvent(deviceId, command.rules(), command.reportingIntervalSeconds(),
                command.requestedAt()));
        for (OpenAlert alert : alerts.all()) {
            if (!rules.watches(alert.metric(), alert.kind())) {
                apply(new AlertResolvedEvent(deviceId, alert.alertId(), null, AlertTexts.RULE_REMOVED,
                        command.requestedAt()));
            }
        }
        if (intervalChanged) {
            deadlineManager.cancelAllWithinScope(ReportingDeadline.NAME);
            if (online) {
                expectReport(deadlineManager, later(lastSeen, command.requestedAt()));
            }
        }
    }

    /** Every open alert is resolved first; the reporting deadline is cancelled. */
    @CommandHandler
    public void handle(DecommissionDeviceCommand command, DeadlineManager deadlineManager) {
        for (OpenAlert alert : alerts.all()) {
            apply(new AlertResolvedEvent(deviceId, alert.alertId(), null, AlertTexts.DEVICE_DECOMMISSIONED,
                    command.requestedAt()));
        }
        apply(new DeviceDecommissionedEvent(deviceId, command.requestedAt()));
        deadlineManager.cancelAllWithinScope(ReportingDeadline.NAME);
    }

    /**
     * One event per reading not recorded before. A reading whose id the device still remembers (see
     * {@link RecentReadingIds}) records nothing: with the same content it is a duplicate, with other content a conflict
     * the sender is told about; also within one batch. Each reading is evaluated against its metric's rule right after
     * it is recorded, so alerts follow the readings that caused them.
     *
     * @return each reading's outcome, in the command's order
     */
    @CommandHandler
    public RecordReadingsResult handle(RecordReadingsCommand command, DeadlineManager deadlineManager) {
        List<ReadingOutcome> outcomes = new ArrayList<>(command.readings().size());
        for (Reading reading : command.readings()) {
            RecentReadingIds.Recall recall = recentReadingIds.recall(reading.readingId(), ReadingFingerprint.of(
                    reading.metric(), reading.value(), reading.unit(), reading.timestamp()));
            if (recall == RecentReadingIds.Recall.SAME) {
                outcomes.add(ReadingOutcome.DUPLICATE);
                continue;
            }
            if (recall == RecentReadingIds.Recall.DIFFERENT) {
                outcomes.add(ReadingOutcome.CONFLICT);
                continue;
            }
            if (!online) {
                apply(new DeviceCameOnlineEvent(deviceId, command.receivedAt()));
                expectReport(deadlineManager, command.receivedAt());
            }
            MetricRule rule = rules.forMetric(reading.metric());
            boolean evaluated = rule != null && rule.evaluates(reading.timestamp());
            // Judged against the statistics before this reading trains them.
            Ewma.Deviation deviation = evaluated ? rule.deviation(reading.value()) : null;
            apply(new ReadingRecordedEvent(deviceId, reading.readingId(), reading.metric(), reading.value(),
                    reading.unit(), reading.timestamp(), command.receivedAt()));
            if (evaluated) {
                evaluate(rule, reading, deviation, command.receivedAt());
            }
            outcomes.add(ReadingOutcome.RECORDED);
        }
        return new RecordReadingsResult(outcomes);
    }

    /** Alerts back to normal are resolved before new ones are raised, so the stream reads in cause order. */
    private void evaluate(MetricRule rule, Reading reading, Ewma.Deviation deviation, Instant now) {
        for (AlertKind kind : AlertKind.values()) {
            if (rule.verdict(kind, reading.value(), deviation) == Verdict.NORMAL) {
                OpenAlert open = alerts.find(reading.metric(), kind);
                if (open != null) {
                    apply(new AlertResolvedEvent(deviceId, open.alertId(), reading.value(),
                            AlertTexts.backToNormal(kind, rule.rule(), reading.value(), deviation), now));
                }
            }
        }
        for (AlertKind kind : AlertKind.values()) {
            if (rule.verdict(kind, reading.value(), deviation) == Verdict.BREACHED
                    && alerts.find(reading.metric(), kind) == null) {
                apply(new AlertRaisedEvent(deviceId, alerts.nextAlertId(deviceId), reading.metric(), kind,
                        rule.rule().severity(), reading.value(), reading.timestamp(), rule.rule(),
                        AlertTexts.breach(kind, rule.rule(), reading.value(), deviation), now));
            }
        }
    }

    /**
     * The reporting interval ran out since the deadline was scheduled: the device is offline unless it reported
     * meanwhile, in which case the deadline moves to the end of the interval after its last reading.
     */
    @DeadlineHandler(deadlineName = ReportingDeadline.NAME)
    void on(ReportingDeadline deadline, DeadlineManager deadlineManager) {
        if (decommissioned || !online || reportingIntervalSeconds == null) {
            return;
        }
        Instant expected = lastSeen.plusSeconds(reportingIntervalSeconds);
        if (expected.isAfter(deadline.dueAt())) {
            deadlineManager.schedule(expected, ReportingDeadline.NAME, new ReportingDeadline(expected));
        } else {
            apply(new DeviceWentOfflineEvent(deviceId, lastSeen, deadline.dueAt()));
        }
    }

    private void expectReport(DeadlineManager deadlineManager, Instant from) {
        if (reportingIntervalSeconds != null) {
            Instant due = from.plusSeconds(reportingIntervalSeconds);
            deadlineManager.schedule(due, ReportingDeadline.NAME, new ReportingDeadline(due));
        }
    }

    /**
     * A decommissioned device refuses every command, but those that let the automated responses wind down: an
     * escalation and a time-out (which record nothing, or end a command's saga) and a redelivery, which sends nothing.
     * Applies to the commands its parts handle too.
     */
    @CommandHandlerInterceptor
    Object inService(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        if (decommissioned) {
            Object payload = command.getPayload();
            if (payload instanceof RedeliverDeviceCommand) {
                return null;
            }
            if (!(payload instanceof EscalateAlertCommand || payload instanceof TimeOutDeviceCommand)) {
                throw decommissionedRefusal();
            }
        }
        return chain.proceed();
    }

    private DomainException decommissionedRefusal() {
        return new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "device " + deviceId + " is decommissioned");
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
        rules.configure(event.rules());
        reportingIntervalSeconds = event.reportingIntervalSeconds();
    }

    @EventSourcingHandler
    void on(DeviceDecommissionedEvent event) {
        decommissioned = true;
    }

    @EventSourcingHandler
    void on(DeviceCameOnlineEvent event) {
        online = true;
        lastSeen = later(lastSeen, event.at());
    }

    @EventSourcingHandler
    void on(DeviceWentOfflineEvent event) {
        online = false;
    }

    @EventSourcingHandler
    void on(ReadingRecordedEvent event) {
        recentReadingIds.remember(event.readingId(),
                ReadingFingerprint.of(event.metric(), event.value(), event.unit(), event.timestamp()),
                event.receivedAt());
        lastSeen = later(lastSeen, event.receivedAt());
        rules.recorded(event);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
