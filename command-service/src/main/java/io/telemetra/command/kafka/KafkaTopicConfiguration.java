package io.telemetra.command.kafka;

import io.telemetra.api.kafka.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.stream.Stream;

/** Creates Telemetra's topics at start-up when they do not exist yet (Spring's KafkaAdmin). */
@Configuration(proxyBeanMethods = false)
class KafkaTopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics telemetraTopics(KafkaTopicProperties properties) {
        // With acks=all, a write survives the loss of all but min.insync.replicas brokers.
        String minInSyncReplicas = String.valueOf(Math.max(1, properties.replicationFactor() - 1));
        return new KafkaAdmin.NewTopics(Stream.of(
                        Topics.DEVICE_TELEMETRY, Topics.DEVICE_TELEMETRY_DLT, Topics.DEVICE_EVENTS, Topics.DEVICE_COMMANDS)
                .map(name -> {
                    TopicBuilder topic = TopicBuilder.name(name)
                            .partitions(properties.partitions())
                            .replicas(properties.replicationFactor())
                            .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInSyncReplicas);
                    // A read-model rebuild replays the event topic from its first offset: it must keep everything.
                    if (name.equals(Topics.DEVICE_EVENTS)) {
                        topic.config(TopicConfig.RETENTION_MS_CONFIG, "-1");
                    }
                    return topic.build();
                })
                .toArray(NewTopic[]::new));
    }
}
