package io.telemetra.command.response;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.stream.Stream;

/**
 * The sagas' processor: pooled streaming ({@code axon.eventhandling.processors.response-sagas}), sagas in the JPA saga
 * store ({@code saga_entry}, {@code association_value_entry}), its token in {@code token_entry}.
 */
@Configuration(proxyBeanMethods = false)
class ResponseSagaConfiguration {

    /**
     * A processor configured by properties would start at the tail of the stream; sagas start at its head, as Axon's
     * default for sagas does: a first deployment must not answer every alert and command of the past.
     */
    @Bean
    ConfigurerModule responseSagaProcessing(ResponseMetrics metrics) {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(
                        ResponseSagas.PROCESSING_GROUP, configuration -> new SagaErrorHandler(metrics))
                .registerPooledStreamingEventProcessorConfiguration(ResponseSagas.PROCESSING_GROUP,
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }

    /** Sagas in progress, by type: commands awaiting an answer, alerts not resolved. Read when metrics are scraped. */
    @Bean
    MeterBinder activeSagaGauges(JdbcTemplate jdbc) {
        return registry -> Stream.of(DeviceCommandSaga.class, AlertResponseSaga.class).forEach(saga ->
                Gauge.builder("telemetra.sagas.active", () -> jdbc.queryForObject(
                                "select count(*) from saga_entry where saga_type = ?", Long.class, saga.getName()))
                        .description("Sagas in progress")
                        .tag("saga", saga.getSimpleName())
                        .register(registry));
    }
}
