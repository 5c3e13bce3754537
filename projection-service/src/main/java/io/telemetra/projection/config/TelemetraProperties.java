package io.telemetra.projection.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of projection-service under {@code telemetra.}.
 *
 * @param kafka      how the device-events consumer joins its group and retries
 * @param projection how long read models keep what
 * @param rebuild    how a rebuild of the read models replays the history and switches over
 */
@ConfigurationProperties("telemetra")
public record TelemetraProperties(@DefaultValue Kafka kafka, @DefaultValue Projection projection,
                                  @DefaultValue Rebuild rebuild) {

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

    /**
     * @param rawRetention          how long raw readings are kept, by event time (whole days are dropped)
     * @param minuteWindowRetention how long 1-minute windows are kept, by event time
     * @param hourWindowRetention   how long 1-hour windows are kept, by event time
     * @param purgeInterval         how often readings and windows past their retention are purged
     * @param hourRollupInterval    how often the hours marked pending are rolled up from their 1-minute windows
     * @param hourRollupGrace       how long after its end an hour is first rolled up (while late readings may still
     *                              come), so that the hour being filled is not rolled up on every round
     * @param maxLag                records a partition may have waiting before the projection reports itself not ready
     * @param stuckAfter            how long a partition with records waiting may go without advancing before the
     *                              projection reports itself not ready (also how long the lag may go unmeasured)
     * @param lagCheckInterval      how often the lag is measured
     */
    public record Projection(@DefaultValue("7d") Duration rawRetention,
                             @DefaultValue("30d") Duration minuteWindowRetention,
                             @DefaultValue("400d") Duration hourWindowRetention,
                             @DefaultValue("1h") Duration purgeInterval,
                             @DefaultValue("30s") Duration hourRollupInterval,
                             @DefaultValue("1m") Duration hourRollupGrace,
                             @DefaultValue("10000") long maxLag,
                             @DefaultValue("2m") Duration stuckAfter,
                             @DefaultValue("5s") Duration lagCheckInterval) {

        public Projection {
            if (!positive(rawRetention) || !positive(minuteWindowRetention) || !positive(hourWindowRetention)
                    || !positive(purgeInterval) || !positive(hourRollupInterval) || hourRollupGrace.isNegative()
                    || !positive(stuckAfter) || !positive(lagCheckInterval) || maxLag < 0) {
                throw new IllegalArgumentException("telemetra.projection: durations must be positive (the hour"
                        + " rollup's grace at least 0) and max-lag at least 0");
            }
        }

        private static boolean positive(Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }
    }

    /**
     * @param pollRecords    records per poll of the rebuild's consumer
     * @param writers        transactions applying each poll at once, each to the records of its share of the topic's
     *                       partitions (a device's events are all in one partition, so they stay in order)
     * @param lockTimeout    how long the switch-over waits for the lock on the live tables before it tries again
     * @param catchUpTimeout how long the switch-over may keep the live tables locked (their writers waiting) while the
     *                       rebuilt tables catch up with the end of the topic, before it lets go and tries again
     * @param switchAttempts attempts at switching over before the rebuild fails, leaving the live tables as they were
     * @param logInterval    how often a running rebuild logs its progress
     */
    public record Rebuild(@DefaultValue("2000") int pollRecords,
                          @DefaultValue("3") int writers,
                          @DefaultValue("5s") Duration lockTimeout,
                          @DefaultValue("20s") Duration catchUpTimeout,
                          @DefaultValue("5") int switchAttempts,
                          @DefaultValue("5s") Duration logInterval) {

        public Rebuild {
            if (pollRecords < 1 || writers < 1 || switchAttempts < 1 || !Projection.positive(lockTimeout)
                    || !Projection.positive(catchUpTimeout) || !Projection.positive(logInterval)) {
                throw new IllegalArgumentException("telemetra.rebuild: poll-records, writers and switch-attempts must be at"
                        + " least 1, durations positive");
            }
        }
    }
}
