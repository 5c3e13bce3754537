package io.telemetra.command.response;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.telemetra.command.eventstore.SkippingMessageSource;
import io.telemetra.command.messaging.HandledEventTypes;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.stream.Stream;

/**
 * The sagas' processor: pooled streaming ({@code axon.eventhandling.processors.response-sagas}), sagas in the JPA saga
 * store ({@code saga_entry}, {@code association_value_entry}), its token in {@code token_entry}.
 */
@Configuration(proxyBeanMethods = false)
class ResponseSagaConfiguration {

    /**
     * A processor configured by properties would start at the tail of the stream; sagas start at its head, as Axon's
     * default for sagas does: a first deployment must not answer every alert and command of the past. The processor
     * reads the store without the events no saga handles (the readings): Axon's saga manager says it can handle every
     * type, so the pooled processors' default (see SkippingMessageSource) would never leave one out.
     */
    @Bean
    ConfigurerModule responseSagaProcessing(ResponseMetrics metrics) {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(
                        ResponseSagas.PROCESSING_GROUP, configuration -> new SagaErrorHandler(metrics))
                .registerPooledStreamingEventProcessorConfiguration(ResponseSagas.PROCESSING_GROUP,
                        (configuration, builder) -> builder
                                .initialToken(StreamableMessageSource::createHeadToken)
                                .messageSource(withoutWhatNoSagaHandles(configuration)));
    }

    /** The sagas of the processing group, as Axon registered them (every {@code @Saga} of it): none is left out. */
    private static Stream<Class<?>> sagas(org.axonframework.config.Configuration configuration) {
        return configuration.eventProcessingConfiguration().sagaConfigurations().stream()
                .filter(saga -> ResponseSagas.PROCESSING_GROUP.equals(saga.processingGroup()))
                .map(SagaConfiguration::type);
    }

    private static SkippingMessageSource withoutWhatNoSagaHandles(org.axonframework.config.Configuration configuration) {
        HandledEventTypes handled = HandledEventTypes.of(sagas(configuration)
                .flatMap(saga -> AnnotatedHandlerInspector.inspectType(saga, configuration.parameterResolverFactory(),
                        configuration.handlerDefinition(saga)).getAllHandlers().values().stream())
                .flatMap(Collection::stream));
        return new SkippingMessageSource(configuration.eventStore(), SkippingMessageSource.PASS_EVERY,
                type -> !handled.includes(type));
    }

    /** Sagas in progress, by type: commands awaiting an answer, alerts not resolved. Read when metrics are scraped. */
    @Bean
    MeterBinder activeSagaGauges(JdbcTemplate jdbc, ObjectProvider<org.axonframework.config.Configuration> axon) {
        return registry -> sagas(axon.getObject()).forEach(saga ->
                Gauge.builder("telemetra.sagas.active", () -> jdbc.queryForObject(
                                "select count(*) from saga_entry where saga_type = ?", Long.class, saga.getName()))
                        .description("Sagas in progress")
                        .tag("saga", saga.getSimpleName())
                        .register(registry));
    }
}
