package io.telemetra.command.telemetry;

import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

    @Bean
    ReadingsDispatcher restReadingsDispatcher(CommandGateway commandGateway, TransactionManager transactionManager) {
        return new ReadingsDispatcher(commandGateway, transactionManager, CommandRefusal::of);
    }
}
