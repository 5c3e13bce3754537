package io.telemetra.command.device;

import io.telemetra.command.messaging.HandledEventTypes;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.ForwardingMode;
import org.axonframework.modelling.command.inspection.EntityModel;

import java.lang.reflect.Member;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Forwards an event to an {@code @AggregateMember} part only when the part has an event-sourcing handler for its
 * payload type. Axon's default forwards every event to every part, which then looks for a handler and finds none: for
 * the Device, every reading, once per part. The part's own handlers are what it looks at, so a part with parts of its
 * own is refused: their events would not reach them.
 */
public class ForwardHandledEvents implements ForwardingMode<EventMessage<?>> {

    private volatile HandledEventTypes handled = HandledEventTypes.of(Stream.empty());

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void initialize(Member member, EntityModel childEntity) {
        for (Class<?> type = childEntity.entityClass(); type != null; type = type.getSuperclass()) {
            if (Arrays.stream(type.getDeclaredFields())
                    .anyMatch(field -> field.isAnnotationPresent(AggregateMember.class))) {
                throw new IllegalStateException(member + ": " + getClass().getSimpleName()
                        + " forwards by the part's own handlers, and " + type.getSimpleName()
                        + " has parts of its own");
            }
        }
        Map<Class<?>, List<MessageHandlingMember<?>>> handlers = childEntity.allEventHandlers();
        handled = HandledEventTypes.of(handlers.values().stream().flatMap(List::stream));
    }

    @Override
    public <E> Stream<E> filterCandidates(EventMessage<?> message, Stream<E> candidates) {
        return handled.includes(message.getPayloadType()) ? candidates : Stream.empty();
    }
}
