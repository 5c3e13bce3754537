package io.telemetra.command.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Telemetra's topics are created when missing. The partition count bounds how many instances can share the
 * per-device lanes; raising it on a live system moves devices to other partitions, so choose it up front.
 */
@ConfigurationProperties("telemetra.kafka")
public record KafkaTopicProperties(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor) {

    public KafkaTopicProperties {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("telemetra.kafka.partitions and replication-factor must be at least 1");
        }
    }
}
