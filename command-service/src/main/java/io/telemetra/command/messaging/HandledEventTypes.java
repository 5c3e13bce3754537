package io.telemetra.command.messaging;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The event payload types a set of Axon handlers takes, and whether one of them takes a given type (a handler of a
 * supertype takes its subtypes). Deadline and command handlers among them take no events and do not count.
 */
public final class HandledEventTypes {

    private final Set<Class<?>> types;

    private HandledEventTypes(Set<Class<?>> types) {
        this.types = types;
    }

    public static HandledEventTypes of(Stream<? extends MessageHandlingMember<?>> handlers) {
        return new HandledEventTypes(handlers
                .filter(handler -> handler.canHandleMessageType(EventMessage.class))
                .map(MessageHandlingMember::payloadType)
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean includes(Class<?> payloadType) {
        for (Class<?> type : types) {
            if (type.isAssignableFrom(payloadType)) {
                return true;
            }
        }
        return false;
    }
}
