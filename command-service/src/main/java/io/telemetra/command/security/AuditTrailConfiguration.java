package io.telemetra.command.security;

import io.telemetra.api.kafka.EventMetadata;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/**
 * Who did it and why, on every event: the command's principal and the message chain's ids travel from the command into
 * the metadata of every event it applies (Axon copies what the correlation data providers return). Axon's
 * {@code correlationId} is the id of the message that caused the event, so it is the event's causation id too, and is
 * stored once (see {@link io.telemetra.command.audit.DeviceAudit}); {@code traceId} is the first message of the chain.
 */
@Configuration(proxyBeanMethods = false)
class AuditTrailConfiguration {

    @Bean
    InitializingBean principalOnEveryCommand(CommandBus commandBus) {
        return () -> commandBus.registerDispatchInterceptor(new PrincipalDispatchInterceptor());
    }

    /**
     * Axon's default provider: correlationId (the causing message's id) and traceId (the chain's first message);
     * declared here because any provider bean replaces it.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(EventMetadata.CORRELATION_ID, EventMetadata.TRACE_ID);
    }

    @Bean
    CorrelationDataProvider principalProvider() {
        return new SimpleCorrelationDataProvider(EventMetadata.PRINCIPAL);
    }
}
