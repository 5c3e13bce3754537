package io.telemetra.command.response;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.alert.EscalateAlertCommand;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The automated response to one alert, from the moment it is raised until it is resolved.
 * <ul>
 *     <li>When the alert's rule names a response command, it is issued to the device (and delivered by a
 *     {@link DeviceCommandSaga}); the alert is escalated when the device never answers it, or answers REJECTED or
 *     FAILED.</li>
 *     <li>Otherwise an operator has {@code telemetra.responses.escalate-unacknowledged-after} to acknowledge the alert
 *     before it is escalated.</li>
 * </ul>
 * An alert is escalated at most once, never after an operator acknowledged it. Escalating is the Device's
 * EscalateAlertCommand; the notification of people follows from its event (see the escalation package).
 */
@Saga
@ProcessingGroup(ResponseSagas.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class AlertResponseSaga {

    static final String ALERT_ID = "alertId";
    static final String COMMAND_ID = "commandId";
    static final String ESCALATION_DEADLINE = "alert-escalation";
    static final String ISSUED_BY = "system:alert-response";

    /** The deadline's payload: the alert an operator was expected to acknowledge. */
    public record EscalationDue(String alertId) {
    }

    private String deviceId;
    private String alertId;
    /** What the alert is about, for people: it ends every escalation reason. */
    private String alertSummary;
    private String commandId;
    private String commandType;
    private boolean commandAccepted;
    private String escalationDeadlineId;
    private boolean acknowledged;
    private boolean escalated;

    /**
     * The command an alert issues: its id derives from the alert's, so a handler run again (a batch retried after a
     * failure) issues the same command, which the device records once.
     */
    static String responseCommandId(String alertId) {
        return UUID.nameUUIDFromBytes(("alert-response:" + alertId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @StartSaga
    @SagaEventHandler(associationProperty = ALERT_ID)
    public void on(AlertRaisedEvent event, CommandGateway commandGateway, DeadlineManager deadlineManager,
                   SagaCommands commands, ResponseProperties properties, ResponseMetrics metrics, Clock clock) {
        deviceId = event.deviceId();
        alertId = event.alertId();
        alertSummary = "%s alert on %s: %s".formatted(event.severity(), event.metric(), event.detail());
        metrics.sagaStarted(AlertResponseSaga.class);
        AlertResponse response = event.rule() == null ? null : event.rule().response();
        if (response == null) {
            escalationDeadlineId = deadlineManager.schedule(properties.escalateUnacknowledgedAfter(),
                    ESCALATION_DEADLINE, new EscalationDue(alertId));
            return;
        }
        commandId = responseCommandId(alertId);
        commandType = response.type();
        SagaLifecycle.associateWith(COMMAND_ID, commandId);
        Optional<String> refused = commands.dispatch(commandGateway, new IssueDeviceCommand(deviceId, commandId,
                commandType, response.parameters(), ISSUED_BY, alertId, clock.instant()));
        refused.ifPresent(reason -> escalate(EscalationCause.RESPONSE_NOT_ISSUED,
                "the automated response %s could not be issued: %s".formatted(commandType, reason),
                commandGateway, commands, metrics, clock));
    }

    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandTimedOutEvent event, CommandGateway commandGateway, SagaCommands commands,
                   ResponseMetrics metrics, Clock clock) {
        escalate(EscalationCause.COMMAND_TIMED_OUT, commandAccepted
                        ? "the device accepted %s but did not finish it in time".formatted(commandType)
                        : "the device did not answer %s after %d deliveries".formatted(commandType, event.attempts()),
                commandGateway, commands, metrics, clock);
    }

    /** ACCEPTED and COMPLETED need nothing more: the readings coming back to normal resolve the alert. */
    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandAcknowledgedEvent event, CommandGateway commandGateway, SagaCommands commands,
                   ResponseMetrics metrics, Clock clock) {
        commandAccepted |= event.outcome() == CommandOutcome.ACCEPTED;
        if (event.outcome() == CommandOutcome.REJECTED || event.outcome() == CommandOutcome.FAILED) {
            String message = event.message() == null || event.message().isBlank() ? "" : ": " + event.message();
            escalate(event.outcome() == CommandOutcome.REJECTED
                            ? EscalationCause.COMMAND_REJECTED : EscalationCause.COMMAND_FAILED,
                    "the device answered %s with %s%s".formatted(commandType, event.outcome(), message),
                    commandGateway, commands, metrics, clock);
        }
    }

    @SagaEventHandler(associationProperty = ALERT_ID)
    public void on(AlertAcknowledgedEvent event, DeadlineManager deadlineManager) {
        acknowledged = true;
        cancelEscalationDeadline(deadlineManager);
    }

    /** Also seen when this saga's command was retried after the alert had been escalated already. */
    @SagaEventHandler(associationProperty = ALERT_ID)
    public void on(AlertEscalatedEvent event, DeadlineManager deadlineManager) {
        escalated = true;
        cancelEscalationDeadline(deadlineManager);
    }

    @SagaEventHandler(associationProperty = ALERT_ID)
    public void on(AlertResolvedEvent event, DeadlineManager deadlineManager, ResponseMetrics metrics) {
        cancelEscalationDeadline(deadlineManager);
        SagaLifecycle.end();
        metrics.sagaEnded(AlertResponseSaga.class);
    }

    @DeadlineHandler(deadlineName = ESCALATION_DEADLINE)
    public void on(EscalationDue due, CommandGateway commandGateway, SagaCommands commands,
                   ResponseProperties properties, ResponseMetrics metrics, Clock clock) {
        // The firing deadline is no longer one to cancel (db-scheduler refuses to cancel a running execution).
        escalationDeadlineId = null;
        // PT15M reads 15m
        String within = properties.escalateUnacknowledgedAfter().toString().substring(2).toLowerCase(Locale.ROOT);
        escalate(EscalationCause.NOT_ACKNOWLEDGED, "no operator acknowledged it within " + within,
                commandGateway, commands, metrics, clock);
    }

    private void escalate(EscalationCause cause, String why, CommandGateway commandGateway, SagaCommands commands,
                          ResponseMetrics metrics, Clock clock) {
        if (acknowledged || escalated) {
            return;
        }
        String reason = "%s (%s)".formatted(why, alertSummary);
        if (commands.dispatch(commandGateway,
                new EscalateAlertCommand(deviceId, alertId, reason, clock.instant())).isEmpty()) {
            escalated = true;
            metrics.escalated(cause);
        }
    }

    private void cancelEscalationDeadline(DeadlineManager deadlineManager) {
        if (escalationDeadlineId != null) {
            deadlineManager.cancelSchedule(ESCALATION_DEADLINE, escalationDeadlineId);
            escalationDeadlineId = null;
        }
    }
}
