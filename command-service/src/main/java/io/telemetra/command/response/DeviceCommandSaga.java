package io.telemetra.command.response;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
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
 * Delivers one device command until the device answers it. Every command has one, whoever issued it: an operator's
 * command that is never answered ends TIMED_OUT like an automated one.
 * <p>
 * Each delivery waits {@code telemetra.responses.ack-timeout} for an answer (a persistent deadline); an unanswered one
 * is sent again until {@code max-attempts} deliveries were made, then the command times out. Any answer ends the
 * saga: what the device answered is the business of whoever issued the command (see {@link AlertResponseSaga}).
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

    /** The deadline's payload: the delivery whose answer is awaited. */
    public record AckDue(String commandId, int attempt) {
    }

    private String deviceId;
    private String commandId;
    private int attempt;
    private String ackDeadlineId;

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
    public void on(DeviceCommandAcknowledgedEvent event, DeadlineManager deadlineManager, ResponseMetrics metrics) {
        deadlineManager.cancelSchedule(ACK_DEADLINE, ackDeadlineId);
        end(metrics);
    }

    /** Timed out by this saga, or by anyone else: either way there is nothing left to deliver. */
    @SagaEventHandler(associationProperty = COMMAND_ID)
    public void on(DeviceCommandTimedOutEvent event, DeadlineManager deadlineManager, ResponseMetrics metrics) {
        deadlineManager.cancelSchedule(ACK_DEADLINE, ackDeadlineId);
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
            metrics.commandRedelivered();
        } else {
            TimeOutDeviceCommand timeOut = new TimeOutDeviceCommand(deviceId, commandId, attempt, clock.instant());
            if (commands.dispatch(commandGateway, timeOut).isEmpty()) {
                metrics.commandTimedOut();
            }
            end(metrics);
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
