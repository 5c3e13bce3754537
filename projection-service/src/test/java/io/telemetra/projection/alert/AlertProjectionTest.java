package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AlertProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void anAlertRaisedAndChangedInOneBatchIsWrittenOnceInItsFinalState() {
        RowFold.Result<AlertRow> fold = AlertProjection.FOLD.fold(Map.of(), List.of(
                raised("a1", 3),
                event(4, new AlertEscalatedEvent("d1", "a1", "nobody answered", T0.plusSeconds(60))),
                event(5, new AlertAcknowledgedEvent("d1", "a1", "op-1", "on it", T0.plusSeconds(90)))));

        assertThat(fold.ignored()).isEmpty();
        assertThat(fold.rows()).singleElement().satisfies(row -> {
            assertThat(row.view().state()).isEqualTo(AlertState.ACKNOWLEDGED);
            assertThat(row.view().acknowledgedBy()).isEqualTo("op-1");
            assertThat(row.view().acknowledgedAt()).isEqualTo(T0.plusSeconds(90));
            assertThat(row.view().escalatedAt()).as("kept after the acknowledgement").isEqualTo(T0.plusSeconds(60));
            assertThat(row.view().escalationReason()).isEqualTo("nobody answered");
            assertThat(row.view().updatedAt()).isEqualTo(T0.plusSeconds(90));
            assertThat(row.sequenceNumber()).isEqualTo(5);
            assertThat(row.view().metric()).isEqualTo("temperature");
            assertThat(row.view().raisedAt()).isEqualTo(T0);
        });
    }

    @Test
    void aStoredAlertIsChangedAndAResolvedOneStaysResolved() {
        AlertRow stored = AlertRow.raised(raisedEvent("a1"), 3);
        RowKey key = new RowKey("d1", "a1");

        RowFold.Result<AlertRow> fold = AlertProjection.FOLD.fold(Map.of(key, stored), List.of(
                event(7, new AlertResolvedEvent("d1", "a1", 70.0, "back to normal", T0.plusSeconds(300))),
                event(8, new AlertAcknowledgedEvent("d1", "a1", "op-1", null, T0.plusSeconds(400)))));

        assertThat(fold.rows()).singleElement().satisfies(row -> {
            assertThat(row.view().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(row.view().resolvedAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(row.view().acknowledgedBy()).isNull();
            assertThat(row.view().updatedAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(row.sequenceNumber()).isEqualTo(8);
        });
    }

    @Test
    void changesOfAnAlertNeverRaisedAndASecondRaiseAreIgnored() {
        DeviceEvent orphan = event(4, new AlertAcknowledgedEvent("d1", "a9", "op-1", null, T0));
        DeviceEvent again = raised("a1", 6);

        RowFold.Result<AlertRow> fold = AlertProjection.FOLD.fold(Map.of(), List.of(raised("a1", 5), again, orphan));

        assertThat(fold.rows()).extracting(row -> row.view().alertId(), AlertRow::sequenceNumber)
                .containsExactly(tuple("a1", 5L));
        assertThat(fold.ignored()).containsExactly(again, orphan);
    }

    private static DeviceEvent raised(String alertId, long sequence) {
        return event(sequence, raisedEvent(alertId));
    }

    private static AlertRaisedEvent raisedEvent(String alertId) {
        return new AlertRaisedEvent("d1", alertId, "temperature", AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5,
                T0.minusSeconds(1), null, "temperature 92.5 above max 80.0", T0);
    }

    private static DeviceEvent event(long sequence, Object payload) {
        return new DeviceEvent("d1", sequence, "test", T0, payload);
    }
}
