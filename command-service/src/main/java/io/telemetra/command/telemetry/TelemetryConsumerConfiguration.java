package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.command.tracing.EventTraces;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
class TelemetryConsumerConfiguration {

    /**
     * Offsets are committed after the listener returns for the whole poll ({@code BATCH}), never automatically. A
     * failed poll is retried with exponential back-off and no limit: it is either stored or, for a refusal, set aside;
     * never skipped.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> telemetryListenerContainerFactory(
            KafkaProperties kafkaProperties, TelemetryConsumerProperties properties) {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties(null);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A gateway's readings published before this service first joined the group are still recorded.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, (int) properties.fetchMinSize().toBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.fetchMaxWait().toMillis());
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
        factory.setBatchListener(true);
        factory.setConcurrency(properties.consumers());
        factory.setAutoStartup(properties.enabled());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitial().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMax().toMillis());
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    @Bean
    TelemetryConsumer telemetryConsumer(ObjectMapper objectMapper, ReadingValidator validator,
                                        ReadingIngestion ingestion, KafkaTemplate<String, byte[]> kafkaTemplate,
                                        TelemetryConsumerProperties properties, EventTraces traces, Clock clock) {
        return new TelemetryConsumer(
                new TelemetryRecordDecoder(objectMapper, validator, properties.maxRecordSize().toBytes()),
                ingestion, new TelemetryDeadLetters(kafkaTemplate), traces, clock);
    }
}
