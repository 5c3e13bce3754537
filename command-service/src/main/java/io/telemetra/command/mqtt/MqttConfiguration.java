package io.telemetra.command.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.telemetry.DeviceReadingsReader;
import io.telemetra.command.telemetry.ReadingIngestion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

/** The MQTT bridge, when {@code telemetra.mqtt.enabled}: readings and answers in, device commands out. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "telemetra.mqtt.enabled", havingValue = "true")
class MqttConfiguration {

    @Bean
    MqttIngestion mqttIngestion(DeviceReadingsReader reader, ReadingIngestion ingestion, CommandGateway commandGateway,
                                KafkaTemplate<String, byte[]> kafkaTemplate, ObjectMapper objectMapper,
                                MqttProperties properties, Clock clock, MeterRegistry meters) {
        return new MqttIngestion(reader, ingestion, commandGateway, new MqttDeadLetters(kafkaTemplate), objectMapper,
                properties, clock, meters);
    }

    @Bean
    BrokerConnection mqttBrokerConnection(MqttProperties properties, MqttIngestion ingestion) {
        return new BrokerConnection(properties, ingestion);
    }

    @Bean
    MqttBridge mqttBridge(BrokerConnection connection, MqttIngestion ingestion, MeterRegistry meters) {
        MqttBridge bridge = new MqttBridge(connection, ingestion);
        Gauge.builder("telemetra.mqtt.connected", bridge, b -> b.isConnected() ? 1 : 0)
                .description("1 while the MQTT bridge is connected to the broker")
                .register(meters);
        return bridge;
    }

    @Bean
    MqttCommandPublisher mqttCommandPublisher(BrokerConnection connection) {
        return new MqttCommandPublisher(connection);
    }

    /**
     * Like the Kafka command publisher: a failing batch is retried from the stored token rather than skipped, and the
     * first run starts at the head of the stream, so that switching MQTT on does not send devices every command of the
     * past.
     */
    @Bean
    ConfigurerModule mqttCommandPublisherProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(
                        MqttCommandPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance())
                .registerPooledStreamingEventProcessorConfiguration(MqttCommandPublisher.PROCESSING_GROUP,
                        (configuration, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken));
    }
}
