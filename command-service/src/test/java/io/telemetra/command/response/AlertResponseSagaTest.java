package io.telemetra.command.response;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.EscalateAlertCommand;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.response.AlertResponseSaga.EscalationDue;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertResponseSagaTest {

    private static final String DEVICE = "boiler-7";
    private static final String ALERT = "a-1";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration ESCALATE_AFTER = Duration.ofMinutes(15);
    private static final AlertResponse THROTTLE = new AlertResponse("THROTTLE", Map.of("percent", 50));
    private static final String COMMAND = AlertResponseSaga.responseCommandId(ALERT);
    private static final String SUMMARY = "(CRITICAL alert on temperature: temperature 92.5 above max 80.0)";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SagaTestFixture<AlertResponseSaga> fixture = new SagaTestFixture<>(AlertResponseSaga.class);

    @BeforeEach
    void resources() {
        ResponseMetrics metrics = new ResponseMetrics(registry);
        fixture.registerResource(new ResponseProperties(Duration.ofSeconds(30), 3, Duration.ofMinutes(10), ESCALATE_AFTER));
        fixture.registerResource(metrics);
        fixture.registerResource(new SagaCommands(metrics));
        fixture.registerResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anAlertWhoseRuleHasAResponseIssuesItToTheDeviceAndAwaitsItsOutcome() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(raised(THROTTLE))
                .expectActiveSagas(1)
                .expectAssociationWith(AlertResponseSaga.ALERT_ID, ALERT)
                .expectAssociationWith(AlertResponseSaga.COMMAND_ID, COMMAND)
                .expectDispatchedCommands(new IssueDeviceCommand(DEVICE, COMMAND, "THROTTLE", Map.of("percent", 50),
                        "system:alert-response", ALERT, NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void theResponseCommandIdDerivesFromTheAlertSoThatARetryIssuesTheSameCommand() {
        assertThat(AlertResponseSaga.responseCommandId(ALERT)).isEqualTo(AlertResponseSaga.responseCommandId(ALERT));
        assertThat(AlertResponseSaga.responseCommandId(ALERT)).isNotEqualTo(AlertResponseSaga.responseCommandId("a-2"));
    }

    @Test
    void aResponseCommandThatTimesOutEscalatesTheAlert() {
        fixture.givenAPublished(raised(THROTTLE))
                .whenPublishingA(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 3, NOW))
                .expectDispatchedCommands(escalation("the device did not answer THROTTLE after 3 deliveries"))
                .expectActiveSagas(1);
        assertThat(registry.counter("telemetra.alerts.escalations", "cause", "COMMAND_TIMED_OUT").count())
                .isEqualTo(1);
    }

    @Test
    void aResponseCommandAcceptedButNeverFinishedEscalatesTheAlert() throws Exception {
        fixture.givenAPublished(raised(THROTTLE))
                .andThenAPublished(answer(CommandOutcome.ACCEPTED, null))
                .whenPublishingA(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 1, NOW))
                .expectDispatchedCommands(escalation("the device accepted THROTTLE but did not finish it in time"));
    }

    @Test
    void aResponseCommandAnsweredRejectedEscalatesTheAlert() {
        fixture.givenAPublished(raised(THROTTLE))
                .whenPublishingA(answer(CommandOutcome.REJECTED, "throttling disabled locally"))
                .expectDispatchedCommands(
                        escalation("the device answered THROTTLE with REJECTED: throttling disabled locally"));
    }

    @Test
    void aResponseCommandAnsweredFailedEscalatesTheAlert() {
        fixture.givenAPublished(raised(THROTTLE))
                .whenPublishingA(answer(CommandOutcome.FAILED, null))
                .expectDispatchedCommands(escalation("the device answered THROTTLE with FAILED"));
    }

    @Test
    void aResponseCommandCompletedNeedsNoEscalation() {
        fixture.givenAPublished(raised(THROTTLE))
                .andThenAPublished(answer(CommandOutcome.ACCEPTED, null))
                .whenPublishingA(answer(CommandOutcome.COMPLETED, null))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void aResponseTheDeviceRefusesToTakeEscalatesTheAlertAtOnce() {
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof IssueDeviceCommand) {
                throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "device boiler-7 is decommissioned");
            }
            return null;
        });

        fixture.givenNoPriorActivity()
                .whenPublishingA(raised(THROTTLE))
                .expectDispatchedCommands(
                        new IssueDeviceCommand(DEVICE, COMMAND, "THROTTLE", Map.of("percent", 50),
                                "system:alert-response", ALERT, NOW),
                        escalation("the automated response THROTTLE could not be issued: "
                                + "device boiler-7 is decommissioned"));
    }

    @Test
    void anAlertWithoutResponseWaitsForAnOperator() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(raised(null))
                .expectScheduledDeadline(ESCALATE_AFTER, new EscalationDue(ALERT))
                .expectNoDispatchedCommands();
    }

    @Test
    void anAlertNobodyAcknowledgesInTimeIsEscalated() {
        fixture.givenAPublished(raised(null))
                .whenTimeElapses(ESCALATE_AFTER)
                .expectDeadlinesMet(new EscalationDue(ALERT))
                .expectDispatchedCommands(escalation("no operator acknowledged it within 15m"));
        assertThat(registry.counter("telemetra.alerts.escalations", "cause", "NOT_ACKNOWLEDGED").count())
                .isEqualTo(1);
    }

    @Test
    void anOperatorsAcknowledgementCancelsTheEscalation() throws Exception {
        fixture.givenAPublished(raised(null))
                .andThenAPublished(new AlertAcknowledgedEvent(DEVICE, ALERT, "operator-1", "on my way", NOW))
                .whenTimeElapses(ESCALATE_AFTER.plusMinutes(1))
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void anAcknowledgedAlertIsNotEscalatedWhenItsResponseFailsLater() throws Exception {
        fixture.givenAPublished(raised(THROTTLE))
                .andThenAPublished(new AlertAcknowledgedEvent(DEVICE, ALERT, "operator-1", null, NOW))
                .whenPublishingA(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 3, NOW))
                .expectNoDispatchedCommands();
    }

    @Test
    void anAlertIsEscalatedOnce() throws Exception {
        fixture.givenAPublished(raised(THROTTLE))
                .andThenAPublished(new AlertEscalatedEvent(DEVICE, ALERT, "the device answered THROTTLE with FAILED",
                        NOW))
                .whenPublishingA(new DeviceCommandTimedOutEvent(DEVICE, COMMAND, 3, NOW))
                .expectNoDispatchedCommands();
    }

    @Test
    void aResolvedAlertCancelsItsDeadlineAndEndsTheSaga() {
        fixture.givenAPublished(raised(null))
                .whenPublishingA(new AlertResolvedEvent(DEVICE, ALERT, 75.0, "back to normal", NOW))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        assertThat(registry.counter("telemetra.sagas.ended", "saga", "AlertResponseSaga").count()).isEqualTo(1);
    }

    @Test
    void nothingIsEscalatedAfterTheAlertResolved() throws Exception {
        fixture.givenAPublished(raised(null))
                .andThenAPublished(new AlertResolvedEvent(DEVICE, ALERT, 75.0, "back to normal", NOW))
                .whenTimeElapses(ESCALATE_AFTER.plusMinutes(1))
                .expectNoDispatchedCommands();
    }

    private static AlertRaisedEvent raised(AlertResponse response) {
        ThresholdRule rule = new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL, null, response);
        return new AlertRaisedEvent(DEVICE, ALERT, "temperature", AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5,
                NOW, rule, "temperature 92.5 above max 80.0", NOW);
    }

    private static DeviceCommandAcknowledgedEvent answer(CommandOutcome outcome, String message) {
        return new DeviceCommandAcknowledgedEvent(DEVICE, COMMAND, outcome, message, "device:" + DEVICE, NOW);
    }

    private static EscalateAlertCommand escalation(String why) {
        return new EscalateAlertCommand(DEVICE, ALERT, why + " " + SUMMARY, NOW);
    }
}
