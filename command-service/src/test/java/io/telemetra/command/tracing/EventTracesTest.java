package io.telemetra.command.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTracesTest {

    /** A stored event's metadata is deserialised when read: with tracing off nothing reads it, nor names a span. */
    @Test
    void withTracingOffAStoredEventsMetadataIsNotRead() {
        GenericEventMessage<String> event = new GenericEventMessage<>("payload", MetaData.with("traceparent", "x")) {
            @Override
            public MetaData getMetaData() {
                throw new AssertionError("metadata read with tracing off");
            }
        };
        EventTraces off = new EventTraces(Tracer.NOOP, Propagator.NOOP);

        assertThat(off.continued(event, () -> {
            throw new AssertionError("span named with tracing off");
        }, () -> "sent")).isEqualTo("sent");
    }
}
