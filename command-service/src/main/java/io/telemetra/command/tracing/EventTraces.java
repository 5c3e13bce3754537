package io.telemetra.command.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries a trace across the event store: the W3C trace context of the span that applies an event is stored in the
 * event's metadata ({@code traceparent}), and the work an event processor later does for that event (publishing it)
 * continues that trace. When tracing is off there is no tracer: nothing is stored and nothing is spanned.
 */
public class EventTraces {

    private final Tracer tracer;
    private final Propagator propagator;

    /** With {@link Tracer#NOOP} and {@link Propagator#NOOP}: tracing off. */
    public EventTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context as metadata entries, or none outside a span (or with tracing off). */
    public Map<String, String> currentContext() {
        Span current = tracer.currentSpan();
        if (current == null) {
            return Map.of();
        }
        TraceContext context = current.context();
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier;
    }

    /** The trace context fields among {@code carrier}'s entries (e.g. a Kafka record's headers), if any. */
    public Map<String, String> contextIn(Function<String, String> carrier) {
        Map<String, String> context = new HashMap<>();
        for (String field : propagator.fields()) {
            String value = carrier.apply(field);
            if (value != null) {
                context.put(field, value);
            }
        }
        return context;
    }

    /**
     * {@link #continued(MetaData, String, Supplier)} for a stored event: with tracing off its metadata is not read, since
     * reading it deserialises it (a sixth of the event relay's work per event when it was read regardless).
     */
    public <T> T continued(Message<?> event, Supplier<String> name, Supplier<T> work) {
        if (propagator.fields().isEmpty()) {
            return work.get();
        }
        return continued(event.getMetaData(), name.get(), work);
    }

    /**
     * Runs the work in a span named {@code name} that continues the trace the event was stored in, or as it is when
     * the event carries no trace context.
     */
    public <T> T continued(MetaData metadata, String name, Supplier<T> work) {
        if (propagator.fields().stream().noneMatch(metadata::containsKey)) {
            return work.get();
        }
        Span span = propagator.extract(metadata, (carrier, key) -> {
            Object value = carrier.get(key);
            return value == null ? null : value.toString();
        }).name(name).start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
