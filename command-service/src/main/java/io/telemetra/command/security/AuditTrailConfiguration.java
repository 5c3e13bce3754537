package io.telemetra.command.security;

import io.telemetra.api.kafka.EventMetadata;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Who did it and why, on every event: the command's principal and the message chain's ids travel from the command into
 * the metadata of every event it applies (Axon copies what the correlation data providers return).
 */
@Configuration(proxyBeanMethods = false)
class AuditTrailConfiguration {

    @Bean
    InitializingBean principalOnEveryCommand(CommandBus commandBus) {
        return () -> commandBus.registerDispatchInterceptor(new PrincipalDispatchInterceptor());
    }

    /** Axon's default provider (correlationId, traceId); declared here because any provider bean replaces it. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(EventMetadata.CORRELATION_ID, EventMetadata.TRACE_ID);
    }

    @Bean
    CorrelationDataProvider principalProvider() {
        return new SimpleCorrelationDataProvider(EventMetadata.PRINCIPAL);
    }

    @Bean
    CorrelationDataProvider causationProvider() {
        return message -> Map.of(EventMetadata.CAUSATION_ID, message.getIdentifier());
    }
}
