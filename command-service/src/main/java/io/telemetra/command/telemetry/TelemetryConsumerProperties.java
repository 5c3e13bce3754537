package io.telemetra.command.telemetry;

import io.telemetra.command.device.Device;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The consumer of gateway readings on {@code telemetra.device-telemetry}.
 *
 * @param enabled        whether this instance consumes the topic
 * @param groupId        consumer group shared by every command-service instance: each partition (hence each device)
 *                       has one writer
 * @param consumers      consumer threads, each owning some partitions; more than the partitions is wasted
 * @param maxPollRecords records per poll: at most this many readings of one device go into one command, so it must
 *                       not exceed what a device remembers ({@link Device#REMEMBERED_READING_IDS}), so that a poll
 *                       delivered again is recognised whole
 * @param maxRecordSize  a larger record value is dead-lettered unread ({@code PAYLOAD_TOO_LARGE})
 * @param fetchMinSize   below saturation a fetch waits for this much data (or {@code fetchMaxWait}), so that light load
 *                       is stored in fewer, larger transactions: the cost of a reading stays proportional to the load
 * @param fetchMaxWait   the most a reading waits in the broker for its fetch to fill
 * @param retryInitial   first pause before a poll that failed to be stored (database down) is retried
 * @param retryMax       longest pause between retries; retries go on until the poll is stored
 */
@ConfigurationProperties("telemetra.telemetry-consumer")
public record TelemetryConsumerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("telemetra-command-service") String groupId,
        @DefaultValue("2") int consumers,
        @DefaultValue("1000") int maxPollRecords,
        @DefaultValue("16KB") DataSize maxRecordSize,
        @DefaultValue("64KB") DataSize fetchMinSize,
        @DefaultValue("40ms") Duration fetchMaxWait,
        @DefaultValue("500ms") Duration retryInitial,
        @DefaultValue("30s") Duration retryMax) {

    public TelemetryConsumerProperties {
        if (consumers < 1 || maxPollRecords < 1 || maxRecordSize.toBytes() < 1
                || retryInitial.isNegative() || retryMax.compareTo(retryInitial) < 0) {
            throw new IllegalArgumentException("telemetra.telemetry-consumer settings must be positive");
        }
        if (maxPollRecords > Device.REMEMBERED_READING_IDS) {
            throw new IllegalArgumentException("telemetra.telemetry-consumer.max-poll-records must not exceed "
                    + Device.REMEMBERED_READING_IDS + ", the reading ids a device remembers");
        }
    }
}
