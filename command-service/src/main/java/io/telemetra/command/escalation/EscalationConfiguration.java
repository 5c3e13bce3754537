package io.telemetra.command.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.http.HttpClient;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class EscalationConfiguration {

    /** Registered with db-scheduler, which runs it on its own threads. */
    @Bean
    Task<Void> escalationWebhookTask(EscalationProperties properties, EscalationNotifications notifications,
                                     NotificationMetrics metrics, ObjectMapper objectMapper, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new EscalationWebhook(properties, notifications, metrics, http, objectMapper, clock).task();
    }

    /**
     * Recording an escalation is a database write: when it fails, the batch rolls back and the processor retries it
     * from its token instead of skipping the escalation (Axon's default logs and moves on). The notifier starts at the
     * head of the stream the first time it runs: a first deployment must not page anyone for escalations of the past.
     */
    @Bean
    ConfigurerModule escalationNotifierProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(
                        EscalationNotifier.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance())
                .registerPooledStreamingEventProcessorConfiguration(EscalationNotifier.PROCESSING_GROUP,
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
