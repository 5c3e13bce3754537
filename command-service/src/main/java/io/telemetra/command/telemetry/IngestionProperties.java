package io.telemetra.command.telemetry;

import io.telemetra.command.device.Device;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Limits on accepted readings, shared by every ingestion channel.
 *
 * @param maxFutureSkew how far past the receiving clock a reading's timestamp may be (device clocks drift)
 * @param maxAge        how old a reading may be when it arrives (a gateway's buffer after an outage)
 * @param maxBatchSize  how many readings one request may carry; at most what a device remembers
 *                      ({@link Device#REMEMBERED_READING_IDS}), so that a request sent again is recognised whole
 */
@ConfigurationProperties("telemetra.ingestion")
public record IngestionProperties(
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("30d") Duration maxAge,
        @DefaultValue("1000") int maxBatchSize) {

    public IngestionProperties {
        if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxBatchSize < 1) {
            throw new IllegalArgumentException("telemetra.ingestion limits must be positive");
        }
        if (maxBatchSize > Device.REMEMBERED_READING_IDS) {
            throw new IllegalArgumentException("telemetra.ingestion.max-batch-size must not exceed "
                    + Device.REMEMBERED_READING_IDS + ", the reading ids a device remembers");
        }
    }
}
