package io.telemetra.command.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.command.publishing.DeviceCommandMessages;
import io.telemetra.command.publishing.PendingSends;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.concurrent.TimeUnit;

/**
 * Publishes every delivery of a device command to {@code telemetra/devices/{deviceId}/commands} at QoS 1, the same
 * {@link DeviceCommandMessage} that goes to Kafka: the first one when the command is issued, then each redelivery. At
 * least once, in stream order, from a processor of its own (so an unreachable broker holds up neither Kafka nor the
 * sagas): the broker's acknowledgements are awaited before the processor's token commits, and a batch that fails
 * (broker unreachable, no acknowledgement within {@value #PUBLISH_TIMEOUT_SECONDS} s) is retried from the stored token.
 * A device with a persistent session gets the commands published while it was away when it reconnects.
 */
@ProcessingGroup(MqttCommandPublisher.PROCESSING_GROUP)
class MqttCommandPublisher {

    static final String PROCESSING_GROUP = "mqtt-command-publisher";
    static final long PUBLISH_TIMEOUT_SECONDS = 30;
    private static final ObjectWriter WIRE = WireFormat.objectMapper().writerFor(DeviceCommandMessage.class);

    private final BrokerConnection connection;

    MqttCommandPublisher(BrokerConnection connection) {
        this.connection = connection;
    }

    @EventHandler
    void on(DeviceCommandIssuedEvent event, UnitOfWork<?> unitOfWork) {
        send(DeviceCommandMessages.of(event), unitOfWork);
    }

    @EventHandler
    void on(DeviceCommandRedeliveredEvent event, UnitOfWork<?> unitOfWork) {
        send(DeviceCommandMessages.of(event), unitOfWork);
    }

    private void send(DeviceCommandMessage message, UnitOfWork<?> unitOfWork) {
        PendingSends.awaitBeforeCommit(unitOfWork, connection.publish(MqttTopics.commands(message.deviceId()),
                toJson(message)).orTimeout(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private static byte[] toJson(DeviceCommandMessage message) {
        try {
            return WIRE.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device command " + message.commandId() + " is not serializable", e);
        }
    }
}
