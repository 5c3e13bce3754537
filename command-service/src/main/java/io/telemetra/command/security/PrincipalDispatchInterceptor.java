package io.telemetra.command.security;

import io.telemetra.api.kafka.EventMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Puts who sent a command into its metadata: the authenticated caller's token subject. A command that already names
 * its principal keeps it: Kafka ingestion names its topic, and commands sent while handling an event inherit the
 * principal of that event through the correlation data.
 */
class PrincipalDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(EventMetadata.PRINCIPAL)) {
                return command;
            }
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication == null
                    ? command
                    : command.andMetaData(Map.of(EventMetadata.PRINCIPAL, authentication.getName()));
        };
    }
}
