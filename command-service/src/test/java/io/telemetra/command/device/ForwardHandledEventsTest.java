package io.telemetra.command.device;

import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Device's parts get the events they handle and are spared the readings, which none of them handles. */
class ForwardHandledEventsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final ForwardHandledEvents alertsForwarding = new ForwardHandledEvents();

    @Test
    void anEventThePartHandlesIsForwardedAndOneItDoesNotIsNot() throws Exception {
        alertsForwarding.initialize(Device.class.getDeclaredField("alerts"),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Device.class).modelOf(Alerts.class));
        Alerts part = new Alerts();

        assertThat(alertsForwarding.filterCandidates(GenericEventMessage.asEventMessage(
                new AlertResolvedEvent("pump", "a-1", 20.0, "back to normal", T0)), Stream.of(part)))
                .containsExactly(part);
        assertThat(alertsForwarding.filterCandidates(GenericEventMessage.asEventMessage(
                new ReadingRecordedEvent("pump", "r-1", "temperature", 21.5, "Cel", T0, T0)), Stream.of(part)))
                .isEmpty();
    }

    @Test
    void aPartWithPartsOfItsOwnIsRefused() throws Exception {
        assertThatThrownBy(() -> alertsForwarding.initialize(Device.class.getDeclaredField("alerts"),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Device.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Device has parts of its own");
    }
}
