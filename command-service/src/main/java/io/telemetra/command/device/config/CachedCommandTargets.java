package io.telemetra.command.device.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

/**
 * Axon's {@code AnnotationCommandTargetResolver} with the annotated members looked up once per command class instead
 * of for every command: its reflective scan was a measurable share of recording a reading. The rules are Axon's: a
 * method annotated {@link TargetAggregateIdentifier} (or {@link TargetAggregateVersion}) before a field, meta-annotations
 * included.
 */
final class CachedCommandTargets implements CommandTargetResolver {

    private final ClassValue<Targets> targets = new ClassValue<>() {
        @Override
        protected Targets computeValue(Class<?> commandType) {
            return new Targets(annotated(commandType, TargetAggregateIdentifier.class),
                    annotated(commandType, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Targets target = targets.get(command.getPayloadType());
        Object identifier = read(target.identifier(), command.getPayload());
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command: it does not identify the target aggregate. A field or "
                    + "method of " + command.getPayloadType().getSimpleName()
                    + " must be annotated @TargetAggregateIdentifier and return a non-null value.");
        }
        return new VersionedAggregateIdentifier(identifier, version(read(target.version(), command.getPayload())));
    }

    private record Targets(AccessibleObject identifier, AccessibleObject version) {
    }

    private static AccessibleObject annotated(Class<?> type, Class<? extends Annotation> annotation) {
        for (Method method : methodsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                return ensureAccessible(method);
            }
        }
        for (Field field : fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                return ensureAccessible(field);
            }
        }
        return null;
    }

    private static Object read(AccessibleObject member, Object command) {
        try {
            if (member instanceof Method method) {
                return method.invoke(command);
            }
            return member instanceof Field field ? field.get(command) : null;
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting the target aggregate from a "
                    + command.getClass().getSimpleName(), e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The target aggregate of a " + command.getClass().getSimpleName()
                    + " cannot be read", e);
        }
    }

    private static Long version(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
    }
}
