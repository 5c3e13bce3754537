package io.telemetra.command.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.tracing.EventTraces;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /**
     * The event publisher's producer: {@code spring.kafka.producer.*} tunes it, but its delivery guarantees are not
     * configurable. acks=all plus idempotence keep every record, once and in order per partition, across retries.
     */
    @Bean
    KafkaTemplate<String, byte[]> eventKafkaTemplate(
            KafkaProperties kafkaProperties, ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers,
            @Value("${management.tracing.enabled:false}") boolean tracing) {
        Map<String, Object> config = kafkaProperties.buildProducerProperties(null);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        DefaultKafkaProducerFactory<String, byte[]> producerFactory =
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        customizers.orderedStream().forEach(customizer -> customizer.customize(producerFactory));
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory);
        // Observed only when traced: the observation puts the trace context in each record's headers, and costs a
        // timer per record otherwise.
        template.setObservationEnabled(tracing);
        return template;
    }

    @Bean
    EventRelay eventRelay(EventStorageEngine storageEngine, TokenStore tokenStore,
                          TransactionManager transactionManager, KafkaTemplate<String, byte[]> eventKafkaTemplate,
                          @Qualifier("eventSerializer") Serializer eventSerializer, EventTraces traces,
                          RelayProperties properties, MaxSegmentProvider fairShare, Clock clock,
                          MeterRegistry meterRegistry) {
        return new EventRelay(storageEngine, tokenStore, transactionManager, eventKafkaTemplate, eventSerializer,
                traces, properties, fairShare, clock, new RelayMetrics(meterRegistry));
    }

    /**
     * Axon's default logs a failing event handler and moves on, which would skip the event for good. Propagating the
     * failure instead rolls the batch back, so the processor retries it (with back-off) from the stored token.
     * <p>
     * The device-command publisher starts at the head of the stream the first time it runs: a first deployment on an
     * existing event store must not send devices every command of the past (the event publisher, by contrast, starts at
     * the tail, so that the topic holds the whole history).
     */
    @Bean
    ConfigurerModule kafkaPublisherProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(
                        DeviceCommandPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance())
                .registerPooledStreamingEventProcessorConfiguration(DeviceCommandPublisher.PROCESSING_GROUP,
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
