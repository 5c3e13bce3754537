package io.telemetra.command.response;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.devicecommand.RedeliverDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Clock;

/**
 * Delivers one device command until the device has finished with it. Every command has one, whoever issued it: an
 * operator's command that is never answered ends TIMED_OUT like an automated one.
 * <p>
 * Each delivery waits {@code telemetra.responses.ack-timeout} for an answer (a persistent deadline); an unanswered one
 * is sent again until {@code max-attempts} deliveries were made, then the command times out. A command the device
 * ACCEPTED has {@code completion-timeout} to be answered COMPLETED, REJECTED or FAILED before it times out too. A final
 * answer or a time-out ends the saga: what the device answered is the business of whoever issued the command (see
 * {@link AlertResponseSaga}). The saga ends on the time-out's event, not on asking for it: a time-out that crosses the
 * device's answer records nothing, and the answer decides.
 * <p>
 * Resources are handler parameters, never fields: the saga's fields are its serialized state.
 */
@Saga
@ProcessingGroup(ResponseSagas.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class DeviceCommandSaga {

    static final String COMMAND_ID = "commandId";
    static final String ACK_DEADLINE = "device-command-ack";
    static final String COMPLETION_DEADLINE = "device-command-completion";

    /** The deadline's payload: the delivery whose answer is awaited. */
    public record AckDue(String commandId, int attempt) {
    }

    /** The deadline's payload: the accepted command whose final answer is awaited. */
    public record CompletionDue(String commandId) {
    }

    private String deviceId;
    private String commandId;
    private int attempt;
    private String ackDeadlineId;
    private String completionDeadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandIssuedEvent event, DeadlineManager deadlineManager, ResponseProperties properties,
                   ResponseMetrics metrics) {
        deviceId = event.deviceId();
        commandId = event.commandId();
        attempt = 1;
        awaitAnswer(deadlineManager, properties);
        metrics.sagaStarted(DeviceCommandSaga.class);
    }

    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandAcknowledgedEvent event, DeadlineManager deadlineManager, ResponseProperties properties,
                   ResponseMetrics metrics) {
        deadlineManager.cancelSchedule(ACK_DEADLINE, ackDeadlineId);
        if (!event.outcome().isFinal()) {
            if (completionDeadlineId == null) {
                completionDeadlineId = deadlineManager.schedule(properties.completionTimeout(), COMPLETION_DEADLINE,
                        new CompletionDue(commandId));
            }
            return;
        }
        cancelCompletion(deadlineManager);
        end(metrics);
    }

    /** Counted on the event: a device that answered or was decommissioned meanwhile records no redelivery. */
    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandRedeliveredEvent event, ResponseMetrics metrics) {
        metrics.commandRedelivered();
    }

    /** Timed out by this saga, or by anyone else: either way there is nothing left to deliver. */
    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandTimedOutEvent event, DeadlineManager deadlineManager, ResponseMetrics metrics) {
        deadlineManager.cancelSchedule(ACK_DEADLINE, ackDeadlineId);
        cancelCompletion(deadlineManager);
        metrics.commandTimedOut();
        end(metrics);
    }

    @DeadlineHandler(deadlineName = ACK_DEADLINE)
    public void on(AckDue due, CommandGateway commandGateway, DeadlineManager deadlineManager,
                   SagaCommands commands, ResponseProperties properties, ResponseMetrics metrics, Clock clock) {
        if (due.attempt() != attempt) {
            // An earlier delivery's deadline, fired again after a crash between its commit and its removal.
            return;
        }
        if (attempt < properties.maxAttempts()) {
            RedeliverDeviceCommand redeliver = new RedeliverDeviceCommand(deviceId, commandId, attempt + 1, clock.instant());
            if (commands.dispatch(commandGateway, redeliver).isPresent()) {
                // The device refuses the command for good (unknown, decommissioned): nothing more to deliver.
                end(metrics);
                return;
            }
            attempt++;
            awaitAnswer(deadlineManager, properties);
        } else {
            timeOut(DeviceCommandStatus.ISSUED, commandGateway, commands, metrics, clock);
        }
    }

    @DeadlineHandler(deadlineName = COMPLETION_DEADLINE)
    public void on(CompletionDue due, CommandGateway commandGateway, SagaCommands commands, ResponseMetrics metrics,
                   Clock clock) {
        timeOut(DeviceCommandStatus.ACKNOWLEDGED, commandGateway, commands, metrics, clock);
    }

    /** The saga then ends on the time-out's event, or on the final answer that came first. */
    private void timeOut(DeviceCommandStatus awaiting, CommandGateway commandGateway, SagaCommands commands,
                         ResponseMetrics metrics, Clock clock) {
        TimeOutDeviceCommand timeOut = new TimeOutDeviceCommand(deviceId, commandId, awaiting, attempt, clock.instant());
        if (commands.dispatch(commandGateway, timeOut).isPresent()) {
            end(metrics); // refused for good: no event will come
        }
    }

    private void cancelCompletion(DeadlineManager deadlineManager) {
        if (completionDeadlineId != null) {
            deadlineManager.cancelSchedule(COMPLETION_DEADLINE, completionDeadlineId);
        }
    }

    private void awaitAnswer(DeadlineManager deadlineManager, ResponseProperties properties) {
        ackDeadlineId = deadlineManager.schedule(properties.ackTimeout(), ACK_DEADLINE, new AckDue(commandId, attempt));
    }

    /** Ending in the deadline handler leaves the firing deadline alone: db-scheduler refuses to cancel it. */
    private void end(ResponseMetrics metrics) {
        SagaLifecycle.end();
        metrics.sagaEnded(DeviceCommandSaga.class);
    }
}
