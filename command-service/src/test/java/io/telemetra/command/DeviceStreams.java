package io.telemetra.command;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends events to a device's stream as if its aggregate had applied them, for the components that react to events
 * the Device does not emit yet or that a test wants at a precise moment. The cached aggregate is evicted so that a later
 * command loads the stream, these events included.
 */
public final class DeviceStreams {

    private DeviceStreams() {
    }

    public static void append(EventStore eventStore, Cache deviceCache, String deviceId, Object... payloads) {
        appendAsAnotherInstance(eventStore, deviceId, payloads);
        deviceCache.remove(deviceId);
    }

    /** Appends as another command-service instance would: this one's cached aggregate, if any, is left as it was. */
    public static void appendAsAnotherInstance(EventStore eventStore, String deviceId, Object... payloads) {
        AtomicLong sequence = new AtomicLong(eventStore.lastSequenceNumberFor(deviceId).map(last -> last + 1).orElse(0L));
        eventStore.publish(Arrays.stream(payloads)
                .map(payload -> new GenericDomainEventMessage<>("Device", deviceId, sequence.getAndIncrement(), payload))
                .toList());
    }
}
