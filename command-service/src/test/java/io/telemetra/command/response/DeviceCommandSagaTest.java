package io.telemetra.command.response;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.RedeliverDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.response.DeviceCommandSaga.AckDue;
import io.telemetra.command.response.DeviceCommandSaga.CompletionDue;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.any;

class DeviceCommandSagaTest {

    private static final String DEVICE = "pump-1";
    private static final String COMMAND = "c-1";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(10);
    private static final DeviceCommandIssuedEvent ISSUED = new DeviceCommandIssuedEvent(
            DEVICE, COMMAND, "REBOOT", Map.of(), "operator-1", null, NOW);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SagaTestFixture<DeviceCommandSaga> fixture = new SagaTestFixture<>(DeviceCommandSaga.class);

    @BeforeEach
    void resources() {
        ResponseMetrics metrics = new ResponseMetrics(registry);
        fixture.registerResource(new ResponseProperties(ACK_TIMEOUT, 3, COMPLETION_TIMEOUT, Duration.ofMinutes(15)));
        fixture.registerResource(metrics);
        fixture.registerResource(new SagaCommands(metrics));
        fixture.registerResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anIssuedCommandAwaitsItsFirstAnswer() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(ISSUED)
                .expectActiveSagas(1)
                .expectAssociationWith(DeviceCommandSaga.COMMAND_ID, COMMAND)
                .expectScheduledDeadline(ACK_TIMEOUT, new AckDue(COMMAND, 1))
                .expectNoDispatchedCommands();
    }

    @Test
    void anAnswerInTimeCancelsTheDeadlineAndEndsTheSaga() {
        fixture.givenAPublished(ISSUED)
                .whenPublishingA(ack(CommandOutcome.COMPLETED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        assertThat(registry.counter("telemetra.sagas.ended", "saga", "DeviceCommandSaga").count()).isEqualTo(1);
    }

    @Test
    void anUnansweredDeliveryIsSentAgainAndAwaitedAgain() {
        fixture.givenAPublished(ISSUED)
                .whenTimeElapses(ACK_TIMEOUT)
                .expectDeadlinesMet(new AckDue(COMMAND, 1))
                .expectDispatchedCommands(new RedeliverDeviceCommand(DEVICE, COMMAND, 2, NOW))
                .expectScheduledDeadline(ACK_TIMEOUT, new AckDue(COMMAND, 2))
                .expectActiveSagas(1);
    }

    @Test
    void aFinalAnswerToARedeliveryEndsTheSaga() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenTimeElapses(ACK_TIMEOUT)
                .whenPublishingA(ack(CommandOutcome.REJECTED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void aRedeliveryIsCountedWhenTheDeviceRecordsIt() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenTimeElapses(ACK_TIMEOUT)
                .whenPublishingA(new DeviceCommandRedeliveredEvent(DEVICE, COMMAND, "REBOOT", Map.of(), 2, NOW, null,
                        NOW))
                .expectActiveSagas(1);
        assertThat(registry.counter("telemetra.device-commands.redelivered").count()).isEqualTo(1);
    }

    @Test
    void anAcceptedCommandIsNoLongerRedeliveredButAwaitsItsFinalAnswer() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenTimeElapses(ACK_TIMEOUT)
                .whenPublishingA(ack(CommandOutcome.ACCEPTED))
                .expectActiveSagas(1)
                .expectScheduledDeadline(COMPLETION_TIMEOUT, new CompletionDue(COMMAND))
                .expectNoScheduledDeadlineMatching(messageWithPayload(any(AckDue.class)))
                .expectNoDispatchedCommands();
    }

    @Test
    void anAcceptedCommandFinishedInTimeEndsTheSagaAndItsDeadline() {
        fixture.givenAPublished(ISSUED)
                .andThenAPublished(ack(CommandOutcome.ACCEPTED))
                .whenPublishingA(ack(CommandOutcome.COMPLETED))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void anAcceptedCommandNeverFinishedTimesOutAsAccepted() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenAPublished(ack(CommandOutcome.ACCEPTED))
                .whenTimeElapses(COMPLETION_TIMEOUT)
                .expectDeadlinesMet(new CompletionDue(COMMAND))
                .expectDispatchedCommands(
                        new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ACKNOWLEDGED, 1, NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCommandNeverAnsweredIsRedeliveredUpToTheMaximumThenTimedOut() {
        fixture.givenAPublished(ISSUED)
                .whenTimeElapses(ACK_TIMEOUT.multipliedBy(3))
                .expectDispatchedCommands(
                        new RedeliverDeviceCommand(DEVICE, COMMAND, 2, NOW),
                        new RedeliverDeviceCommand(DEVICE, COMMAND, 3, NOW),
                        new TimeOutDeviceCommand(DEVICE, COMMAND, DeviceCommandStatus.ISSUED, 3, NOW))
                .expectNoScheduledDeadlines()
                // it ends on the time-out's event: a time-out that crossed the device's answer records nothing
                .expectActiveSagas(1);
        assertThat(registry.counter("telemetra.device-commands.redelivered").count())
                .as("counted when the device records them, not when asked").isZero();
    }

    @Test
    void anAnswerThatCrossedTheTimeOutStillDecides() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenTimeElapses(ACK_TIMEOUT.multipliedBy(3))
                .whenPublishingA(ack(CommandOutcome.ACCEPTED))
                .expectActiveSagas(1)
                .expectScheduledDeadline(COMPLETION_TIMEOUT, new CompletionDue(COMMAND));
    }

    @Test
    void aCommandTimedOutByAnyoneEndsTheSagaAndIsCounted() throws Exception {
        fixture.givenAPublished(ISSUED)
                .andThenAPublished(ack(CommandOutcome.ACCEPTED))
                .whenPublishingA(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 1, NOW))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(registry.counter("telemetra.device-commands.timed-out").count()).isEqualTo(1);
    }

    @Test
    void aRedeliveryTheDeviceRefusesForGoodEndsTheSagaAndIsCounted() {
        fixture.setCallbackBehavior((payload, metaData) -> {
            throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "device " + DEVICE + " is decommissioned");
        });

        fixture.givenAPublished(ISSUED)
                .whenTimeElapses(ACK_TIMEOUT)
                .expectDispatchedCommands(new RedeliverDeviceCommand(DEVICE, COMMAND, 2, NOW))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0);
        assertThat(registry.counter("telemetra.sagas.command-failures",
                "command", "RedeliverDeviceCommand", "outcome", "refused").count()).isEqualTo(1);
    }

    private static DeviceCommandAcknowledgedEvent ack(CommandOutcome outcome) {
        return new DeviceCommandAcknowledgedEvent(DEVICE, COMMAND, outcome, null, "device:" + DEVICE, NOW);
    }
}
