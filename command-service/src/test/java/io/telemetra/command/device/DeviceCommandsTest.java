package io.telemetra.command.device;

import io.telemetra.api.devicecommand.AcknowledgeDeviceCommand;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.devicecommand.RedeliverDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.telemetra.command.device.DeviceFixtures.DEVICE;
import static io.telemetra.command.device.DeviceFixtures.at;
import static io.telemetra.command.device.DeviceFixtures.decommissioned;
import static io.telemetra.command.device.DeviceFixtures.newFixture;
import static io.telemetra.command.device.DeviceFixtures.registered;

/** A device command's life: issued, redelivered while unanswered, answered by the device, or timed out. */
class DeviceCommandsTest {

    private static final String COMMAND = "cmd-1";
    private static final Map<String, Object> PARAMETERS = Map.of("percent", 50);

    private AggregateTestFixture<Device> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    @Test
    void issuingACommandRecordsItWithWhoIssuedIt() {
        fixture.given(registered())
                .when(new IssueDeviceCommand(DEVICE, COMMAND, "THROTTLE", PARAMETERS, "alice", null, at(10)))
                .expectEvents(issued());
    }

    @Test
    void theSameCommandIdIssuedAgainRecordsNothing() {
        fixture.given(registered(), issued())
                .when(new IssueDeviceCommand(DEVICE, COMMAND, "REBOOT", Map.of(), "bob", null, at(20)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        newFixture().given(registered(), issued(), acknowledged(CommandOutcome.COMPLETED))
                .when(new IssueDeviceCommand(DEVICE, COMMAND, "THROTTLE", PARAMETERS, "alice", null, at(20)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDecommissionedDeviceRefusesNewCommands() {
        expectRefused(fixture.given(registered(), decommissioned(at(5)))
                        .when(new IssueDeviceCommand(DEVICE, COMMAND, "REBOOT", Map.of(), "alice", null, at(10))),
                ErrorCode.DEVICE_DECOMMISSIONED);
    }

    @Test
    void anIssuedCommandMayBeAcceptedAndThenCompleted() {
        fixture.given(registered(), issued())
                .when(acknowledge(CommandOutcome.ACCEPTED))
                .expectEvents(acknowledged(CommandOutcome.ACCEPTED));
        newFixture().given(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED))
                .when(acknowledge(CommandOutcome.COMPLETED))
                .expectEvents(acknowledged(CommandOutcome.COMPLETED));
    }

    @Test
    void anIssuedCommandMayBeAnsweredWithAFinalOutcomeAtOnce() {
        for (CommandOutcome outcome : List.of(CommandOutcome.COMPLETED, CommandOutcome.REJECTED,
                CommandOutcome.FAILED)) {
            newFixture().given(registered(), issued())
                    .when(acknowledge(outcome))
                    .expectEvents(acknowledged(outcome));
        }
    }

    @Test
    void theSameAnswerAgainRecordsNothing() {
        fixture.given(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED))
                .when(acknowledge(CommandOutcome.ACCEPTED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        newFixture().given(registered(), issued(), acknowledged(CommandOutcome.FAILED))
                .when(acknowledge(CommandOutcome.FAILED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anotherAnswerToAClosedCommandIsRefused() {
        expectRefused(fixture.given(registered(), issued(), acknowledged(CommandOutcome.COMPLETED))
                .when(acknowledge(CommandOutcome.FAILED)), ErrorCode.DEVICE_COMMAND_CLOSED);
        expectRefused(newFixture().given(registered(), issued(), acknowledged(CommandOutcome.REJECTED))
                .when(acknowledge(CommandOutcome.ACCEPTED)), ErrorCode.DEVICE_COMMAND_CLOSED);
    }

    @Test
    void anyAnswerToATimedOutCommandIsRefused() {
        for (CommandOutcome outcome : CommandOutcome.values()) {
            expectRefused(newFixture().given(registered(), issued(), timedOut(1))
                    .when(acknowledge(outcome)), ErrorCode.DEVICE_COMMAND_CLOSED);
        }
    }

    @Test
    void anAnswerToAnUnknownCommandIsRefused() {
        expectRefused(fixture.given(registered(), issued()).when(new AcknowledgeDeviceCommand(DEVICE, "cmd-2",
                CommandOutcome.COMPLETED, null, DEVICE, at(30))), ErrorCode.DEVICE_COMMAND_NOT_FOUND);
    }

    @Test
    void aClosedCommandIsRememberedOnlyAmongTheLastHundred() {
        List<Object> history = new ArrayList<>(List.of(registered()));
        for (int n = 0; n <= DeviceCommands.CLOSED_REMEMBERED; n++) {
            history.add(new DeviceCommandIssuedEvent(DEVICE, "cmd-" + n, "REBOOT", Map.of(), "alice", null, at(n)));
            history.add(new DeviceCommandAcknowledgedEvent(DEVICE, "cmd-" + n, CommandOutcome.COMPLETED, null, DEVICE,
                    at(n)));
        }

        expectRefused(fixture.given(history).when(new AcknowledgeDeviceCommand(DEVICE, "cmd-0",
                CommandOutcome.COMPLETED, null, DEVICE, at(500))), ErrorCode.DEVICE_COMMAND_NOT_FOUND);
        newFixture().given(history)
                .when(new AcknowledgeDeviceCommand(DEVICE, "cmd-1", CommandOutcome.COMPLETED, null, DEVICE, at(500)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDecommissionedDeviceRefusesAnswers() {
        expectRefused(fixture.given(registered(), issued(), decommissioned(at(20)))
                .when(acknowledge(CommandOutcome.COMPLETED)), ErrorCode.DEVICE_DECOMMISSIONED);
    }

    @Test
    void anUnansweredCommandIsRedeliveredWithItsTypeParametersAlertAndIssueTime() {
        fixture.given(registered(), new DeviceCommandIssuedEvent(DEVICE, COMMAND, "THROTTLE", PARAMETERS,
                        "system:alert-response", "alert-1", at(10)))
                .when(new RedeliverDeviceCommand(DEVICE, COMMAND, 2, at(40)))
                .expectEvents(new DeviceCommandRedeliveredEvent(DEVICE, COMMAND, "THROTTLE", PARAMETERS, 2, at(40),
                        "alert-1", at(10)));
    }

    @Test
    void aRedeliveryIsRecordedOncePerAttempt() {
        fixture.given(registered(), issued(), redelivered(2))
                .when(new RedeliverDeviceCommand(DEVICE, COMMAND, 2, at(50)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        newFixture().given(registered(), issued(), redelivered(2))
                .when(new RedeliverDeviceCommand(DEVICE, COMMAND, 3, at(50)))
                .expectEvents(new DeviceCommandRedeliveredEvent(DEVICE, COMMAND, "THROTTLE", PARAMETERS, 3, at(50),
                        null, at(10)));
    }

    @Test
    void anAnsweredClosedUnknownOrDecommissionedCommandIsNotRedelivered() {
        RedeliverDeviceCommand redeliver = new RedeliverDeviceCommand(DEVICE, COMMAND, 2, at(40));
        List<List<Object>> histories = List.of(
                List.of(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED)),
                List.of(registered(), issued(), acknowledged(CommandOutcome.FAILED)),
                List.of(registered(), issued(), timedOut(1)),
                List.of(registered()),
                List.of(registered(), issued(), decommissioned(at(20))));
        for (List<Object> history : histories) {
            newFixture().given(history)
                    .when(redeliver)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Test
    void anUnansweredCommandTimesOutCountingItsDeliveries() {
        fixture.given(registered(), issued(), redelivered(2), redelivered(3))
                .when(new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ISSUED, 3, at(90)))
                .expectEvents(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 3, at(90)));
    }

    @Test
    void anUnansweredCommandOfADecommissionedDeviceStillTimesOut() {
        fixture.given(registered(), issued(), decommissioned(at(20)))
                .when(new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ISSUED, 1, at(90)))
                .expectEvents(timedOut(1));
    }

    @Test
    void anAcceptedCommandNeverFinishedTimesOutAndIsClosed() {
        fixture.given(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED))
                .when(new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ACKNOWLEDGED, 1, at(90)))
                .expectEvents(timedOut(1));
        expectRefused(newFixture().given(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED), timedOut(1))
                .when(acknowledge(CommandOutcome.COMPLETED)), ErrorCode.DEVICE_COMMAND_CLOSED);
    }

    @Test
    void aCompletionTimeOutClosesOnlyAnAcceptedCommand() {
        List<List<Object>> notAccepted = List.of(
                List.of(registered(), issued()),
                List.of(registered(), issued(), acknowledged(CommandOutcome.FAILED)),
                List.of(registered()));
        for (List<Object> history : notAccepted) {
            newFixture().given(history)
                    .when(new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ACKNOWLEDGED, 1, at(90)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Test
    void anAnsweredClosedOrUnknownCommandDoesNotTimeOut() {
        TimeOutDeviceCommand timeOut = new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ISSUED, 1, at(90));
        List<List<Object>> histories = List.of(
                List.of(registered(), issued(), acknowledged(CommandOutcome.ACCEPTED)),
                List.of(registered(), issued(), acknowledged(CommandOutcome.COMPLETED)),
                List.of(registered(), issued(), timedOut(1)),
                List.of(registered()));
        for (List<Object> history : histories) {
            newFixture().given(history)
                    .when(timeOut)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    private static DeviceCommandIssuedEvent issued() {
        return new DeviceCommandIssuedEvent(DEVICE, COMMAND, "THROTTLE", PARAMETERS, "alice", null, at(10));
    }

    private static AcknowledgeDeviceCommand acknowledge(CommandOutcome outcome) {
        return new AcknowledgeDeviceCommand(DEVICE, COMMAND, outcome, "done", DEVICE, at(30));
    }

    private static DeviceCommandAcknowledgedEvent acknowledged(CommandOutcome outcome) {
        return new DeviceCommandAcknowledgedEvent(DEVICE, COMMAND, outcome, "done", DEVICE, at(30));
    }

    private static DeviceCommandRedeliveredEvent redelivered(int attempt) {
        return new DeviceCommandRedeliveredEvent(DEVICE, COMMAND, "THROTTLE", PARAMETERS, attempt, at(10 * attempt),
                null, at(10));
    }

    private static DeviceCommandTimedOutEvent timedOut(int attempts) {
        return new DeviceCommandTimedOutEvent(DEVICE, COMMAND, attempts, at(90));
    }

    private static void expectRefused(ResultValidator<Device> result, ErrorCode code) {
        result.expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionDetails(code);
    }
}
