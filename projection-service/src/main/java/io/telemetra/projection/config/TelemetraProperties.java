package io.telemetra.projection.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of projection-service under {@code telemetra.}.
 *
 * @param kafka how the device-events consumer joins its group and retries
 */
@ConfigurationProperties("telemetra")
public record TelemetraProperties(@DefaultValue Kafka kafka) {

    /**
     * @param consumerGroup group id of the device-events consumer; instances sharing it split the partitions
     * @param retry         back-off after a failed batch
     */
    public record Kafka(@DefaultValue("projection-service") String consumerGroup, @DefaultValue Retry retry) {

        public Kafka {
            if (consumerGroup == null || consumerGroup.isBlank()) {
                throw new IllegalArgumentException("telemetra.kafka.consumer-group must not be blank");
            }
        }
    }

    /**
     * @param initialInterval first pause after a failed batch; doubled on every further failure
     * @param maxInterval     longest pause; failures not tied to one record (database down) are retried forever
     * @param poisonAttempts  retries of a record the database refuses before it is set aside
     */
    public record Retry(@DefaultValue("1s") Duration initialInterval,
                        @DefaultValue("30s") Duration maxInterval,
                        @DefaultValue("2") int poisonAttempts) {

        public Retry {
            if (initialInterval.isNegative() || maxInterval.compareTo(initialInterval) < 0 || poisonAttempts < 0) {
                throw new IllegalArgumentException("telemetra.kafka.retry: need 0 <= initial-interval <= max-interval"
                        + " and poison-attempts >= 0");
            }
        }
    }
}
