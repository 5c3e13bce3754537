package io.telemetra.command.audit;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.audit.DeviceStateView;
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
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.LatestReading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceStateFoldTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AS_OF = Instant.parse("2026-03-02T00:00:00Z");

    private final DeviceStateFold fold = new DeviceStateFold();

    @Test
    void nothingIsRegisteredBeforeTheRegistration() {
        assertThat(fold.registered()).isFalse();
    }

    @Test
    void aRegistrationGivesARegisteredDeviceWithItsAttributes() {
        fold.apply(0, registered());

        DeviceStateView state = fold.view(AS_OF);
        assertThat(fold.registered()).isTrue();
        assertThat(state).isEqualTo(new DeviceStateView("pump-1", AS_OF, 0, DeviceStatus.REGISTERED, "pump",
                "Pump 1", "plant-a", new GeoLocation(1.0, 2.0), Map.of("vendor", "acme"), T0, null, Map.of(),
                List.of(), null, List.of()));
    }

    @Test
    void readingsMakeTheDeviceOnlineAndKeepTheNewestValuePerMetricByEventTime() {
        fold.apply(0, registered());
        fold.apply(1, new DeviceCameOnlineEvent("pump-1", T0.plusSeconds(10)));
        fold.apply(2, reading("temperature", 20.0, T0.plusSeconds(5), T0.plusSeconds(10)));
        fold.apply(3, reading("pressure", 1.5, T0.plusSeconds(5), T0.plusSeconds(10)));
        // Measured earlier, received later: a gateway flushing its buffer.
        fold.apply(4, reading("temperature", 18.0, T0, T0.plusSeconds(30)));

        DeviceStateView state = fold.view(AS_OF);
        assertThat(state.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(state.sequence()).isEqualTo(4);
        assertThat(state.lastSeen()).as("ingestion time of the last contact").isEqualTo(T0.plusSeconds(30));
        assertThat(state.latest()).containsExactly(
                Map.entry("pressure", new LatestReading(1.5, "bar", T0.plusSeconds(5))),
                Map.entry("temperature", new LatestReading(20.0, "bar", T0.plusSeconds(5))));
    }

    @Test
    void ofTwoReadingsMeasuredAtTheSameTimeTheLaterEventWins() {
        fold.apply(0, registered());
        fold.apply(1, reading("temperature", 20.0, T0, T0));
        fold.apply(2, reading("temperature", 21.0, T0, T0));

        assertThat(fold.view(AS_OF).latest().get("temperature").value()).isEqualTo(21.0);
    }

    @Test
    void updatesRulesAndDecommissioningChangeWhatTheyName() {
        List<ThresholdRule> rules = List.of(new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL));
        fold.apply(0, registered());
        fold.apply(1, new DeviceUpdatedEvent("pump-1", "Pump one", null, null, Map.of(), T0.plusSeconds(1)));
        fold.apply(2, new DeviceRulesConfiguredEvent("pump-1", rules, 60, T0.plusSeconds(2)));
        fold.apply(3, new DeviceDecommissionedEvent("pump-1", T0.plusSeconds(3)));

        DeviceStateView state = fold.view(AS_OF);
        assertThat(state.name()).isEqualTo("Pump one");
        assertThat(state.site()).isNull();
        assertThat(state.location()).isNull();
        assertThat(state.metadata()).isEmpty();
        assertThat(state.rules()).isEqualTo(rules);
        assertThat(state.reportingIntervalSeconds()).isEqualTo(60);
        assertThat(state.status()).isEqualTo(DeviceStatus.DECOMMISSIONED);
        assertThat(state.type()).as("not changed by an update").isEqualTo("pump");
    }

    @Test
    void aReportingGapMakesTheDeviceOfflineUntilItReportsAgain() {
        fold.apply(0, registered());
        fold.apply(1, new DeviceCameOnlineEvent("pump-1", T0));
        fold.apply(2, reading("temperature", 20.0, T0, T0));
        fold.apply(3, new DeviceWentOfflineEvent("pump-1", T0, T0.plusSeconds(60)));

        assertThat(fold.view(AS_OF).status()).isEqualTo(DeviceStatus.OFFLINE);
        assertThat(fold.view(AS_OF).lastSeen()).isEqualTo(T0);

        fold.apply(4, new DeviceCameOnlineEvent("pump-1", T0.plusSeconds(300)));

        assertThat(fold.view(AS_OF).status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void openAlertsAreListedWithTheirStateUntilTheyResolve() {
        ThresholdRule rule = new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL);
        fold.apply(0, registered());
        fold.apply(1, new AlertRaisedEvent("pump-1", "a-1", "temperature", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, T0, rule, "temperature 92.5 above max 80.0", T0.plusSeconds(1)));
        fold.apply(2, new AlertRaisedEvent("pump-1", "a-2", "pressure", AlertKind.ANOMALY, Severity.INFO, 9.0, T0,
                rule, "odd", T0.plusSeconds(2)));
        fold.apply(3, new AlertAcknowledgedEvent("pump-1", "a-1", "alice", "on it", T0.plusSeconds(3)));
        fold.apply(4, new AlertEscalatedEvent("pump-1", "a-2", "no answer", T0.plusSeconds(4)));
        fold.apply(5, new DeviceCommandIssuedEvent("pump-1", "c-1", "REBOOT", null, "alice", null,
                T0.plusSeconds(5)));

        assertThat(fold.view(AS_OF).openAlerts()).containsExactly(
                new AlertView("a-1", "pump-1", "temperature", AlertKind.THRESHOLD_HIGH, Severity.CRITICAL,
                        AlertState.ACKNOWLEDGED, 92.5, "temperature 92.5 above max 80.0", T0.plusSeconds(1), "alice",
                        T0.plusSeconds(3), null, null, null, T0.plusSeconds(3)),
                new AlertView("a-2", "pump-1", "pressure", AlertKind.ANOMALY, Severity.INFO, AlertState.ESCALATED,
                        9.0, "odd", T0.plusSeconds(2), null, null, T0.plusSeconds(4), "no answer", null,
                        T0.plusSeconds(4)));
        assertThat(fold.view(AS_OF).sequence()).isEqualTo(5);

        fold.apply(6, new AlertResolvedEvent("pump-1", "a-1", 70.0, "back to normal", T0.plusSeconds(6)));

        assertThat(fold.view(AS_OF).openAlerts()).extracting(AlertView::alertId).containsExactly("a-2");
    }

    @Test
    void anEventOfAnUnknownTypeOnlyAdvancesTheSequence() {
        fold.apply(0, registered());
        DeviceStateView before = fold.view(AS_OF);

        fold.apply(1, Map.of("firmware", "2.1"));

        DeviceStateView after = fold.view(AS_OF);
        assertThat(after.sequence()).isEqualTo(1);
        assertThat(after).usingRecursiveComparison().ignoringFields("sequence").isEqualTo(before);
    }

    private static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent("pump-1", "pump", "Pump 1", "plant-a", new GeoLocation(1.0, 2.0),
                Map.of("vendor", "acme"), T0);
    }

    private static ReadingRecordedEvent reading(String metric, double value, Instant timestamp, Instant receivedAt) {
        return new ReadingRecordedEvent("pump-1", metric + "-" + timestamp + "-" + value, metric, value, "bar",
                timestamp, receivedAt);
    }
}
