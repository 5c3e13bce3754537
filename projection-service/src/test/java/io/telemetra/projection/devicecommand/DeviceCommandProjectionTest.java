package io.telemetra.projection.devicecommand;

import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.rows.RowFold;
import io.telemetra.projection.rows.RowKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceCommandProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aCommandIsRedeliveredThenAcceptedThenCompleted() {
        RowFold.Result<DeviceCommandRow> fold = DeviceCommandProjection.FOLD.fold(Map.of(), List.of(
                issued("c1", 3),
                event(4, new DeviceCommandRedeliveredEvent("d1", "c1", "REBOOT", Map.of(), 2, T0.plusSeconds(30),
                        null, T0)),
                event(5, new DeviceCommandAcknowledgedEvent("d1", "c1", CommandOutcome.ACCEPTED, "rebooting", "d1",
                        T0.plusSeconds(40))),
                event(6, new DeviceCommandAcknowledgedEvent("d1", "c1", CommandOutcome.COMPLETED, "done", "d1",
                        T0.plusSeconds(50)))));

        assertThat(fold.rows()).singleElement().satisfies(row -> {
            assertThat(row.view().status()).isEqualTo(DeviceCommandStatus.COMPLETED);
            assertThat(row.view().attempts()).isEqualTo(2);
            assertThat(row.view().outcome()).isEqualTo(CommandOutcome.COMPLETED);
            assertThat(row.view().message()).isEqualTo("done");
            assertThat(row.view().answeredAt()).isEqualTo(T0.plusSeconds(50));
            assertThat(row.view().issuedBy()).isEqualTo("op-1");
            assertThat(row.view().parameters()).containsEntry("delaySeconds", 5);
            assertThat(row.sequenceNumber()).isEqualTo(6);
        });
    }

    @Test
    void aTimedOutCommandIgnoresALateAnswerAndAFinalAnswerIsFinal() {
        DeviceCommandRow stored = DeviceCommandRow.issued(issuedEvent("c1"), 3);
        DeviceCommandRow rejected = DeviceCommandRow.issued(issuedEvent("c2"), 4);

        RowFold.Result<DeviceCommandRow> fold = DeviceCommandProjection.FOLD.fold(Map.of(
                new RowKey("d1", "c1"), stored,
                new RowKey("d1", "c2"), rejected), List.of(
                event(5, new DeviceCommandTimedOutEvent("d1", "c1", 3, T0.plusSeconds(90))),
                event(6, new DeviceCommandAcknowledgedEvent("d1", "c2", CommandOutcome.REJECTED, "busy", "d1",
                        T0.plusSeconds(95))),
                event(7, new DeviceCommandAcknowledgedEvent("d1", "c1", CommandOutcome.COMPLETED, "late", "d1",
                        T0.plusSeconds(100))),
                event(8, new DeviceCommandAcknowledgedEvent("d1", "c2", CommandOutcome.ACCEPTED, null, "d1",
                        T0.plusSeconds(101)))));

        assertThat(fold.rows()).hasSize(2);
        assertThat(fold.rows().get(0)).satisfies(row -> {
            assertThat(row.view().status()).isEqualTo(DeviceCommandStatus.TIMED_OUT);
            assertThat(row.view().attempts()).isEqualTo(3);
            assertThat(row.view().outcome()).isNull();
            assertThat(row.view().answeredAt()).isEqualTo(T0.plusSeconds(90));
            assertThat(row.sequenceNumber()).isEqualTo(7);
        });
        assertThat(fold.rows().get(1)).satisfies(row -> {
            assertThat(row.view().status()).isEqualTo(DeviceCommandStatus.REJECTED);
            assertThat(row.view().message()).isEqualTo("busy");
            assertThat(row.sequenceNumber()).isEqualTo(8);
        });
    }

    @Test
    void changesOfACommandNeverIssuedAreIgnored() {
        DeviceEvent orphan = event(4, new DeviceCommandTimedOutEvent("d1", "c9", 3, T0));

        RowFold.Result<DeviceCommandRow> fold = DeviceCommandProjection.FOLD.fold(Map.of(), List.of(orphan));

        assertThat(fold.rows()).isEmpty();
        assertThat(fold.ignored()).containsExactly(orphan);
    }

    private static DeviceEvent issued(String commandId, long sequence) {
        return event(sequence, issuedEvent(commandId));
    }

    private static DeviceCommandIssuedEvent issuedEvent(String commandId) {
        return new DeviceCommandIssuedEvent("d1", commandId, "REBOOT", Map.of("delaySeconds", 5), "op-1", null, T0);
    }

    private static DeviceEvent event(long sequence, Object payload) {
        return new DeviceEvent("d1", sequence, "test", T0, payload);
    }
}
