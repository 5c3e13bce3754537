package io.telemetra.projection.device;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.event.DeviceEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DeviceBatchPlanTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aNewDeviceIsInsertedFromItsRegistrationAndUpdatedByTheEventsAfterIt() {
        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(
                reading("d1", 2, "temperature", 20.0, T0, T0.plusSeconds(5)),
                registered("d1", 0),
                online("d1", 1, T0.plusSeconds(1))), Map.of());

        assertThat(plan.registrations()).extracting(DeviceBatchPlan.Registration::sequenceNumber).containsExactly(0L);
        assertThat(plan.updates()).containsExactly(
                new DeviceBatchPlan.DeviceUpdate("d1", DeviceStatus.ONLINE, T0.plusSeconds(5), null, null, 2));
        assertThat(plan.latestReadings()).extracting(DeviceBatchPlan.LatestReadingUpsert::sequenceNumber)
                .containsExactly(2L);
        assertThat(plan.outcome().applied()).hasSize(3);
    }

    @Test
    void theLastUpdateOfTheBatchReplacesTheAttributesAndADecommissioningIsTheFinalStatus() {
        DeviceUpdatedEvent first = new DeviceUpdatedEvent("d1", "first", "s1", null, Map.of(), T0);
        DeviceUpdatedEvent second = new DeviceUpdatedEvent("d1", "second", null, new GeoLocation(1.0, 2.0),
                Map.of("k", "v"), T0.plusSeconds(1));

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(
                event("d1", 6, new DeviceDecommissionedEvent("d1", T0.plusSeconds(2))),
                event("d1", 5, second),
                event("d1", 4, first),
                online("d1", 3, T0)), Map.of("d1", 2L));

        assertThat(plan.updates()).containsExactly(
                new DeviceBatchPlan.DeviceUpdate("d1", DeviceStatus.DECOMMISSIONED, T0, second, null, 6));
        assertThat(plan.outcome().applied()).hasSize(4);
    }

    @Test
    void aDeviceGoesOfflineAndBackOnlineButADecommissionedOneStaysDecommissioned() {
        DeviceBatchPlan offline = DeviceBatchPlan.of(List.of(
                online("d1", 3, T0), event("d1", 4, new DeviceWentOfflineEvent("d1", T0, T0.plusSeconds(60)))),
                Map.of("d1", 2L));
        DeviceBatchPlan backOnline = DeviceBatchPlan.of(List.of(
                online("d1", 6, T0.plusSeconds(120)), event("d1", 5, new DeviceWentOfflineEvent("d1", T0, T0))),
                Map.of("d1", 4L));
        DeviceBatchPlan decommissioned = DeviceBatchPlan.of(List.of(
                event("d1", 7, new DeviceDecommissionedEvent("d1", T0)),
                event("d1", 8, new DeviceWentOfflineEvent("d1", T0, T0)), online("d1", 9, T0)), Map.of("d1", 6L));

        assertThat(offline.updates()).extracting(DeviceBatchPlan.DeviceUpdate::status)
                .containsExactly(DeviceStatus.OFFLINE);
        assertThat(backOnline.updates()).extracting(DeviceBatchPlan.DeviceUpdate::status)
                .containsExactly(DeviceStatus.ONLINE);
        assertThat(decommissioned.updates()).extracting(DeviceBatchPlan.DeviceUpdate::status)
                .containsExactly(DeviceStatus.DECOMMISSIONED);
    }

    @Test
    void alertAndCommandEventsAreHandedOnInStreamOrderOnlyWhenApplied() {
        DeviceEvent raised = event("d1", 5, new AlertRaisedEvent("d1", "a1", "temperature", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, T0, null, "hot", T0));
        DeviceEvent acknowledged = event("d1", 6, new AlertAcknowledgedEvent("d1", "a1", "op", null, T0));
        DeviceEvent issued = event("d1", 7, new DeviceCommandIssuedEvent("d1", "c1", "REBOOT", Map.of(), "op", null,
                T0));
        DeviceEvent replayed = event("d1", 4, new AlertResolvedEvent("d1", "a0", null, "normal", T0));

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(issued, acknowledged, replayed, raised), Map.of("d1", 4L));

        assertThat(plan.alertEvents()).containsExactly(raised, acknowledged);
        assertThat(plan.commandEvents()).containsExactly(issued);
        assertThat(plan.updates()).containsExactly(new DeviceBatchPlan.DeviceUpdate("d1", null, null, null, null, 7));
        assertThat(plan.outcome().stale()).isEqualTo(1);
    }

    @Test
    void theLastRuleConfigurationOfTheBatchReplacesTheDevicesRules() {
        DeviceRulesConfiguredEvent first = new DeviceRulesConfiguredEvent("d1",
                List.of(new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL)), 60, T0);
        DeviceRulesConfiguredEvent second = new DeviceRulesConfiguredEvent("d1",
                List.of(new ThresholdRule("humidity", 10.0, 90.0, 0.0, Severity.WARNING)), null, T0.plusSeconds(1));

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(event("d1", 3, second), event("d1", 2, first)),
                Map.of("d1", 1L));

        assertThat(plan.updates()).containsExactly(
                new DeviceBatchPlan.DeviceUpdate("d1", null, null, null, second, 3));
    }

    @Test
    void eventsAtOrBelowTheStoredSequenceAndDuplicatesInTheBatchChangeNothing() {
        DeviceEvent reading = reading("d1", 5, "temperature", 20.0, T0, T0);
        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(
                registered("d1", 0), online("d1", 4, T0), reading, reading), Map.of("d1", 4L));

        assertThat(plan.registrations()).isEmpty();
        assertThat(plan.updates()).containsExactly(new DeviceBatchPlan.DeviceUpdate("d1", null, T0, null, null, 5));
        assertThat(plan.outcome().stale()).isEqualTo(3);
        assertThat(plan.outcome().applied()).containsExactly(reading);
    }

    @Test
    void everyAppliedReadingAndOnlyThoseGoToTheTimeSeries() {
        DeviceEvent stale = reading("d1", 3, "temperature", 20.0, T0, T0);
        DeviceEvent late = reading("d1", 5, "temperature", 19.0, T0.minusSeconds(3600), T0);
        DeviceEvent sameMetric = reading("d1", 4, "temperature", 21.0, T0, T0);

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(late, stale, sameMetric, online("d1", 6, T0)),
                Map.of("d1", 3L));

        assertThat(plan.readings()).extracting(DeviceBatchPlan.AppliedReading::sequenceNumber)
                .containsExactly(4L, 5L);
        assertThat(plan.latestReadings()).singleElement()
                .satisfies(upsert -> assertThat(upsert.sequenceNumber()).isEqualTo(4));
    }

    @Test
    void theLatestValuePerMetricIsTheNewestByEventTimeNotByArrival() {
        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(
                reading("d1", 1, "temperature", 22.0, T0.plusSeconds(60), T0.plusSeconds(61)),
                reading("d1", 2, "temperature", 19.0, T0, T0.plusSeconds(90)),
                reading("d1", 3, "humidity", 40.0, T0, T0.plusSeconds(90))), Map.of("d1", 0L));

        assertThat(plan.latestReadings())
                .extracting(upsert -> upsert.reading().metric(), upsert -> upsert.reading().value())
                .containsExactly(tuple("humidity", 40.0),
                        tuple("temperature", 22.0));
        assertThat(plan.updates()).singleElement()
                .satisfies(update -> assertThat(update.lastSeen()).isEqualTo(T0.plusSeconds(90)));
    }

    @Test
    void readingsWithTheSameEventTimeAreDecidedByTheHigherSequence() {
        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(
                reading("d1", 7, "temperature", 23.0, T0, T0),
                reading("d1", 6, "temperature", 21.0, T0, T0)), Map.of("d1", 0L));

        assertThat(plan.latestReadings()).singleElement()
                .satisfies(upsert -> assertThat(upsert.sequenceNumber()).isEqualTo(7));
    }

    @Test
    void anUnknownTypeOnlyAdvancesTheSequence() {
        DeviceEvent unknown = new DeviceEvent("d1", 3, "DeviceFirmwareUpdated", T0, null);

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(unknown), Map.of("d1", 2L));

        assertThat(plan.updates()).containsExactly(new DeviceBatchPlan.DeviceUpdate("d1", null, null, null, null, 3));
        assertThat(plan.outcome().unknownTypes()).containsExactly(unknown);
    }

    @Test
    void eventsOfADeviceWithoutRowOrRegistrationAreOrphaned() {
        DeviceEvent reading = reading("d9", 4, "temperature", 20.0, T0, T0);

        DeviceBatchPlan plan = DeviceBatchPlan.of(List.of(reading), Map.of());

        assertThat(plan.registrations()).isEmpty();
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.latestReadings()).isEmpty();
        assertThat(plan.outcome().orphaned()).containsExactly(reading);
    }

    @Test
    void lastSeenFallsBackToEventTimeWhenTheIngestionTimeIsMissing() {
        ReadingRecordedEvent reading = new ReadingRecordedEvent("d1", "r", "temperature", 1.0, "Cel", T0, null);

        assertThat(DeviceBatchPlan.seenAt(reading)).isEqualTo(T0);
    }

    private static DeviceEvent event(String deviceId, long sequence, Object payload) {
        return new DeviceEvent(deviceId, sequence, "test", T0, payload);
    }

    private static DeviceEvent registered(String deviceId, long sequence) {
        return new DeviceEvent(deviceId, sequence, "DeviceRegistered", T0,
                new DeviceRegisteredEvent(deviceId, "thermostat", "name", null, null, Map.of(), T0));
    }

    private static DeviceEvent online(String deviceId, long sequence, Instant at) {
        return new DeviceEvent(deviceId, sequence, "DeviceCameOnline", T0, new DeviceCameOnlineEvent(deviceId, at));
    }

    private static DeviceEvent reading(String deviceId, long sequence, String metric, double value, Instant timestamp,
                                       Instant receivedAt) {
        return new DeviceEvent(deviceId, sequence, "ReadingRecorded", T0,
                new ReadingRecordedEvent(deviceId, "r" + sequence, metric, value, "u", timestamp, receivedAt));
    }
}
