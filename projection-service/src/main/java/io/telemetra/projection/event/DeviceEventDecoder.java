package io.telemetra.projection.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Optional;

/**
 * Turns a {@code telemetra.device-events} record value into a {@link DeviceEvent}. Validation is strict on what the read
 * model relies on: Jackson would silently default a missing primitive (a sequence number, a reading's value) to zero,
 * which would corrupt the read model rather than fail.
 */
@Component
public class DeviceEventDecoder {

    private final ObjectMapper mapper = WireFormat.objectMapper();

    public DeviceEvent decode(byte[] value) throws MalformedEventException {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("record has no value");
        }
        EventEnvelope envelope = envelope(value);
        Optional<Class<?>> eventClass = DeviceEventTypes.classOf(envelope.type());
        Object payload = null;
        if (eventClass.isPresent()) {
            payload = payload(envelope, eventClass.get());
            validate(payload, envelope);
        }
        return new DeviceEvent(envelope.aggregateId(), envelope.sequenceNumber(), envelope.type(),
                envelope.timestamp(), payload);
    }

    private EventEnvelope envelope(byte[] value) throws MalformedEventException {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("value is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("value is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("value is not a JSON object");
        }
        requireText(root, "aggregateId");
        requireText(root, "type");
        JsonNode sequence = root.get("sequenceNumber");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()
                || sequence.asLong() < 0) {
            throw new MalformedEventException("sequenceNumber missing or not a non-negative integer");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("payload missing or not an object");
        }
        try {
            return mapper.treeToValue(root, EventEnvelope.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException("not an event envelope: " + message(e), e);
        }
    }

    private Object payload(EventEnvelope envelope, Class<?> eventClass) throws MalformedEventException {
        try {
            return mapper.treeToValue(envelope.payload(), eventClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(envelope.type() + " payload unreadable: " + message(e), e);
        }
    }

    private static void validate(Object payload, EventEnvelope envelope) throws MalformedEventException {
        String deviceId;
        if (payload instanceof DeviceRegisteredEvent registered) {
            deviceId = registered.deviceId();
            require(hasText(registered.type()), "DeviceRegistered without type");
            require(hasText(registered.name()), "DeviceRegistered without name");
            require(registered.registeredAt() != null, "DeviceRegistered without registeredAt");
        } else if (payload instanceof DeviceCameOnlineEvent online) {
            deviceId = online.deviceId();
            require(online.at() != null, "DeviceCameOnline without at");
        } else if (payload instanceof ReadingRecordedEvent reading) {
            deviceId = reading.deviceId();
            require(hasText(reading.metric()), "ReadingRecorded without metric");
            require(envelope.payload().path("value").isNumber() && Double.isFinite(reading.value()),
                    "ReadingRecorded without a finite numeric value");
            require(reading.timestamp() != null, "ReadingRecorded without timestamp");
            // The raw series is unique per device and reading id, the write side's idempotency key.
            require(hasText(reading.readingId()), "ReadingRecorded without readingId");
        } else if (payload instanceof DeviceUpdatedEvent updated) {
            deviceId = updated.deviceId();
            require(hasText(updated.name()), "DeviceUpdated without name");
        } else if (payload instanceof AlertRaisedEvent raised) {
            deviceId = raised.deviceId();
            require(hasText(raised.alertId()) && hasText(raised.metric()), "AlertRaised without alertId or metric");
            require(raised.kind() != null && raised.severity() != null, "AlertRaised without kind or severity");
            require(envelope.payload().path("value").isNumber() && Double.isFinite(raised.value()),
                    "AlertRaised without a finite numeric value");
            require(raised.raisedAt() != null, "AlertRaised without raisedAt");
        } else if (payload instanceof AlertAcknowledgedEvent acknowledged) {
            deviceId = acknowledged.deviceId();
            require(hasText(acknowledged.alertId()) && acknowledged.acknowledgedAt() != null,
                    "AlertAcknowledged without alertId or acknowledgedAt");
        } else if (payload instanceof AlertEscalatedEvent escalated) {
            deviceId = escalated.deviceId();
            require(hasText(escalated.alertId()) && escalated.escalatedAt() != null,
                    "AlertEscalated without alertId or escalatedAt");
        } else if (payload instanceof AlertResolvedEvent resolved) {
            deviceId = resolved.deviceId();
            require(hasText(resolved.alertId()) && resolved.resolvedAt() != null,
                    "AlertResolved without alertId or resolvedAt");
        } else if (payload instanceof DeviceCommandIssuedEvent issued) {
            deviceId = issued.deviceId();
            require(hasText(issued.commandId()) && hasText(issued.type()), "DeviceCommandIssued without commandId or"
                    + " type");
            require(issued.issuedAt() != null, "DeviceCommandIssued without issuedAt");
        } else if (payload instanceof DeviceCommandAcknowledgedEvent acknowledged) {
            deviceId = acknowledged.deviceId();
            require(hasText(acknowledged.commandId()) && acknowledged.outcome() != null
                    && acknowledged.acknowledgedAt() != null,
                    "DeviceCommandAcknowledged without commandId, outcome or acknowledgedAt");
        } else if (payload instanceof DeviceCommandRedeliveredEvent redelivered) {
            deviceId = redelivered.deviceId();
            require(hasText(redelivered.commandId()), "DeviceCommandRedelivered without commandId");
            require(envelope.payload().path("attempt").canConvertToInt() && redelivered.attempt() > 1,
                    "DeviceCommandRedelivered without an attempt above 1");
        } else if (payload instanceof DeviceCommandTimedOutEvent timedOut) {
            deviceId = timedOut.deviceId();
            require(hasText(timedOut.commandId()) && timedOut.timedOutAt() != null,
                    "DeviceCommandTimedOut without commandId or timedOutAt");
            require(envelope.payload().path("attempts").canConvertToInt() && timedOut.attempts() >= 1,
                    "DeviceCommandTimedOut without attempts");
        } else {
            // Every device event names its device; the others need no more than that to be applied or skipped, and
            // a new event type must never stall the partition.
            deviceId = envelope.payload().path("deviceId").asText(null);
        }
        require(envelope.aggregateId().equals(deviceId),
                "payload deviceId " + deviceId + " differs from aggregateId " + envelope.aggregateId());
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    }

    private static void requireText(JsonNode root, String field) throws MalformedEventException {
        JsonNode node = root.get(field);
        require(node != null && node.isTextual() && !node.asText().isBlank(), field + " missing or blank");
    }

    private static void require(boolean condition, String message) throws MalformedEventException {
        if (!condition) {
            throw new MalformedEventException(message);
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
