package io.telemetra.command.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandMessage;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends every delivery of a device command to {@link Topics#DEVICE_COMMANDS} as a {@link DeviceCommandMessage}, keyed
 * by device id: the first one when the command is issued, then each redelivery the saga asks for. At least once, in
 * stream order: the sends of a batch are awaited before its token commits ({@link PendingSends}); a
 * device recognises a second copy by its {@code commandId} and {@code attempt}.
 */
@Component
@ProcessingGroup(DeviceCommandPublisher.PROCESSING_GROUP)
class DeviceCommandPublisher {

    static final String PROCESSING_GROUP = "device-command-publisher";
    private static final ObjectWriter WIRE = WireFormat.objectMapper().writerFor(DeviceCommandMessage.class);

    private final KafkaTemplate<String, byte[]> kafkaTemplate;

    DeviceCommandPublisher(KafkaTemplate<String, byte[]> eventKafkaTemplate) {
        this.kafkaTemplate = eventKafkaTemplate;
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
        PendingSends.awaitBeforeCommit(unitOfWork,
                kafkaTemplate.send(Topics.DEVICE_COMMANDS, message.deviceId(), toJson(message)));
    }

    private static byte[] toJson(DeviceCommandMessage message) {
        try {
            return WIRE.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device command " + message.commandId() + " is not serializable", e);
        }
    }
}
