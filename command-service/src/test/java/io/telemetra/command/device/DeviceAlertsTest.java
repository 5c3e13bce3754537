package io.telemetra.command.device;

import io.telemetra.api.alert.AcknowledgeAlertCommand;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.EscalateAlertCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.telemetra.command.device.DeviceFixtures.DEVICE;
import static io.telemetra.command.device.DeviceFixtures.TEMPERATURE_RULE;
import static io.telemetra.command.device.DeviceFixtures.alertId;
import static io.telemetra.command.device.DeviceFixtures.at;
import static io.telemetra.command.device.DeviceFixtures.decommissioned;
import static io.telemetra.command.device.DeviceFixtures.newFixture;
import static io.telemetra.command.device.DeviceFixtures.online;
import static io.telemetra.command.device.DeviceFixtures.registered;
import static io.telemetra.command.device.DeviceFixtures.rules;

/** Operators acknowledge alerts; the automated response escalates those nobody answered. */
class DeviceAlertsTest {

    private static final String ALERT = alertId(1);

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void anOpenAlertIsAcknowledgedByTheOperatorWithTheNote() {
        fixture.given(openAlert())
                .when(acknowledge(ALERT))
                .expectEvents(new AlertAcknowledgedEvent(DEVICE, ALERT, "alice", "on my way", at(60)));
    }

    @Test
    void anEscalatedAlertCanStillBeAcknowledged() {
        fixture.given(openAlert()).andGiven(new AlertEscalatedEvent(DEVICE, ALERT, "no answer", at(40)))
                .when(acknowledge(ALERT))
                .expectEvents(new AlertAcknowledgedEvent(DEVICE, ALERT, "alice", "on my way", at(60)));
    }

    @Test
    void acknowledgingAnAcknowledgedAlertAgainRecordsNothing() {
        fixture.given(openAlert()).andGiven(new AlertAcknowledgedEvent(DEVICE, ALERT, "bob", null, at(30)))
                .when(acknowledge(ALERT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void acknowledgingAResolvedAlertIsRefusedAsResolved() {
        expectRefused(fixture.given(openAlert()).andGiven(resolved(ALERT)).when(acknowledge(ALERT)),
                ErrorCode.ALERT_RESOLVED);
    }

    @Test
    void acknowledgingAnAlertTheDeviceNeverRaisedIsRefusedAsNotFound() {
        expectRefused(fixture.given(openAlert()).when(acknowledge(alertId(2))), ErrorCode.ALERT_NOT_FOUND);
    }

    @Test
    void aResolvedAlertIsRememberedAsSuchOnlyAmongTheLastHundred() {
        List<Object> history = new ArrayList<>(List.of(registered(), rules(null, TEMPERATURE_RULE), online()));
        for (int n = 1; n <= Alerts.RESOLVED_REMEMBERED + 1; n++) {
            history.add(raised(n));
            history.add(resolved(alertId(n)));
        }

        expectRefused(fixture.given(history).when(acknowledge(alertId(1))), ErrorCode.ALERT_NOT_FOUND);
        expectRefused(newFixture().given(history).when(acknowledge(alertId(2))), ErrorCode.ALERT_RESOLVED);
    }

    @Test
    void acknowledgingAnAlertOfADecommissionedDeviceIsRefused() {
        expectRefused(fixture.given(openAlert()).andGiven(resolved(ALERT), decommissioned(at(50)))
                .when(acknowledge(ALERT)), ErrorCode.DEVICE_DECOMMISSIONED);
    }

    @Test
    void anOpenAlertIsEscalatedWithTheReason() {
        fixture.given(openAlert())
                .when(new EscalateAlertCommand(DEVICE, ALERT, "device did not answer THROTTLE", at(60)))
                .expectEvents(new AlertEscalatedEvent(DEVICE, ALERT, "device did not answer THROTTLE", at(60)));
    }

    @Test
    void onlyAnOpenAlertIsEscalatedAndAnyOtherRecordsNothingWithoutError() {
        EscalateAlertCommand escalate = new EscalateAlertCommand(DEVICE, ALERT, "no answer", at(60));
        List<List<Object>> histories = List.of(
                append(openAlert(), new AlertAcknowledgedEvent(DEVICE, ALERT, "bob", null, at(30))),
                append(openAlert(), new AlertEscalatedEvent(DEVICE, ALERT, "no answer", at(30))),
                append(openAlert(), resolved(ALERT)),
                append(openAlert(), resolved(ALERT), decommissioned(at(50))),
                List.of(registered()));
        for (List<Object> history : histories) {
            newFixture().given(history)
                    .when(escalate)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    private static List<Object> openAlert() {
        return List.of(registered(), rules(null, TEMPERATURE_RULE), online(), raised(1));
    }

    private static List<Object> append(List<Object> history, Object... events) {
        List<Object> all = new ArrayList<>(history);
        all.addAll(List.of(events));
        return all;
    }

    private static AlertRaisedEvent raised(int n) {
        return new AlertRaisedEvent(DEVICE, alertId(n), "temperature", AlertKind.THRESHOLD_HIGH,
                TEMPERATURE_RULE.severity(), 92.5, at(9), TEMPERATURE_RULE, "temperature 92.5 above max 80.0", at(10));
    }

    private static AlertResolvedEvent resolved(String alertId) {
        return new AlertResolvedEvent(DEVICE, alertId, 20.0, "back to normal", at(20));
    }

    private static AcknowledgeAlertCommand acknowledge(String alertId) {
        return new AcknowledgeAlertCommand(DEVICE, alertId, "alice", "on my way", at(60));
    }

    private static void expectRefused(ResultValidator<Device> result, ErrorCode code) {
        result.expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionDetails(code);
    }
}
