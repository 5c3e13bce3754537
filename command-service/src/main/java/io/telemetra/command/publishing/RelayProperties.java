package io.telemetra.command.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The event relay (see {@link EventRelay}).
 *
 * @param segments               how many segments the stream is split into when the relay first runs; each is
 *                               published by one instance at a time, and the instances share them
 * @param batchSize              events read, sent and acknowledged together before the tokens are stored
 * @param pollInterval           how long the relay waits for new events once it has caught up with the store
 * @param claimInterval          how often claims are extended and free segments claimed; well below the token
 *                               store's claim timeout, after which another instance takes a segment over
 * @param sendTimeout            how long a batch waits for the broker's acknowledgements before it is sent again
 * @param retryInitial           first pause after a failed batch (broker or database unreachable)
 * @param retryMax               longest pause between retries
 * @param shutdownTimeout        how long a stopping relay may finish its batch
 */
@ConfigurationProperties("telemetra.publishing.relay")
public record RelayProperties(
        @DefaultValue("2") int segments,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("20ms") Duration pollInterval,
        @DefaultValue("3s") Duration claimInterval,
        @DefaultValue("30s") Duration sendTimeout,
        @DefaultValue("200ms") Duration retryInitial,
        @DefaultValue("10s") Duration retryMax,
        @DefaultValue("20s") Duration shutdownTimeout) {

    /** The relay's processor name in {@code token_entry}, where its segments' tokens and claims are. */
    public static final String PROCESSOR_NAME = "kafka-publisher";

    public RelayProperties {
        if (segments < 1 || batchSize < 1) {
            throw new IllegalArgumentException("telemetra.publishing.relay: segments and batch size must be positive");
        }
    }
}
