package io.telemetra.command.response;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the payload of every command dispatched in the context, handled or not: what the sagas send is observable
 * whether or not the Device handles those commands yet.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DispatchedCommands {

    private final List<Object> payloads = new CopyOnWriteArrayList<>();

    @Bean
    InitializingBean recordDispatchedCommands(CommandBus commandBus) {
        MessageDispatchInterceptor<CommandMessage<?>> recorder = messages -> (index, command) -> {
            payloads.add(command.getPayload());
            return command;
        };
        return () -> commandBus.registerDispatchInterceptor(recorder);
    }

    public <T> List<T> of(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
