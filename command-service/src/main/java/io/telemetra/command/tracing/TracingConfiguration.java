package io.telemetra.command.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trace context of the request (or consumer) span that caused an event travels in the event's metadata. */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /** Boot offers a tracer and a propagator only when tracing is on ({@code management.tracing.enabled}). */
    @Bean
    EventTraces eventTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventTraces(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** Axon asks the providers each time it creates an event, inside the span of the command's handling. */
    @Bean
    CorrelationDataProvider traceContextProvider(EventTraces traces) {
        return message -> traces.currentContext();
    }
}
