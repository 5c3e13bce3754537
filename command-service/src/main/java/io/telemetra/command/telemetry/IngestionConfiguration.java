package io.telemetra.command.telemetry;

import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestionConfiguration {

    @Bean
    ReadingsDispatcher restReadingsDispatcher(CommandGateway commandGateway, IngestionProperties properties) {
        return new ReadingsDispatcher(commandGateway, CommandRefusal::of, "rest-ingestion-", properties.concurrency());
    }
}
