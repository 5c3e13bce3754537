package io.telemetra.projection.kafka;

import io.telemetra.projection.config.TelemetraProperties;
import io.telemetra.projection.parking.UnprocessableRecordHandler;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.util.Map;

/**
 * The consumer of {@code telemetra.device-events}. What its correctness rests on is set here rather than in properties,
 * so configuration cannot undo it: batch listener, offsets committed by the container after the listener returns (so
 * after the database commit), never by the client on a timer. The rest comes from {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfiguration.class);

    @Bean
    DefaultKafkaConsumerFactoryCustomizer deviceEventsConsumerSettings(TelemetraProperties properties) {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, properties.kafka().consumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /**
     * Two back-offs. A failure the listener pins on one record (it throws {@link BatchListenerFailedException}) is
     * retried {@code poison-attempts} times, then the record goes to the {@link UnprocessableRecordHandler}. Any other
     * failure is the infrastructure's (database down, connection lost): the whole batch is retried, the consumer paused
     * but kept in its group, with a growing pause and no limit, because skipping would lose events.
     */
    @Bean
    DefaultErrorHandler deviceEventsErrorHandler(TelemetraProperties properties,
                                                 UnprocessableRecordHandler unprocessable, ProjectionMetrics metrics) {
        TelemetraProperties.Retry retry = properties.kafka().retry();
        ExponentialBackOff untilItWorks = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        untilItWorks.setMaxInterval(retry.maxInterval().toMillis());
        BackOff poison = new FixedBackOff(retry.initialInterval().toMillis(), retry.poisonAttempts());

        DefaultErrorHandler handler = new DefaultErrorHandler(unprocessable::handle, untilItWorks);
        handler.setBackOffFunction((record, exception) -> isPinnedOnRecord(exception) ? poison : null);
        // No exception type skips the back-off: only a record-level failure may ever lead to skipping a record.
        handler.setClassifications(Map.of(), true);
        // Its seeks after a recovered record are expected; the retry listener and the recoverer report what matters.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                metrics.batchFailed();
                log.warn("Delivery {} of {}-{}@{} failed: {}", deliveryAttempt, record.topic(), record.partition(),
                        record.offset(), NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                if (isPinnedOnRecord(ex)) {
                    return; // the record-level callback reports it
                }
                metrics.batchFailed();
                log.warn("Attempt {} to apply a batch of {} records failed, retrying: {}", deliveryAttempt,
                        records.count(), NestedExceptionUtils.getMostSpecificCause(ex).toString());
            }
        });
        return handler;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            DefaultErrorHandler deviceEventsErrorHandler) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(deviceEventsErrorHandler);
        return factory;
    }

    private static boolean isPinnedOnRecord(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BatchListenerFailedException) {
                return true;
            }
        }
        return false;
    }
}
