package io.telemetra.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readings streaming in over REST (two senders, each with half of the REST devices, round the command-service
 * instances) and over Kafka until closed; closing waits for every answer still due. Every acknowledged reading is in
 * the ledger.
 */
final class MixedLoad implements AutoCloseable {

    private final ReadingLedger ledger;
    private final Duration patience;
    private final RestIngestion rest;
    private final GatewayIngestion gateway;

    /** @param patience how long a wait for acknowledgements may take (a recovery under way) */
    MixedLoad(FaultStack stack, ReadingLedger ledger, List<String> restDevices, List<String> gatewayDevices,
              DeviceClock clock, Duration patience) {
        this.ledger = ledger;
        this.patience = patience;
        int half = restDevices.size() / 2;
        rest = new RestIngestion(stack, ledger, List.of(restDevices.subList(0, half),
                restDevices.subList(half, restDevices.size())), clock);
        gateway = new GatewayIngestion(stack, ledger, gatewayDevices, clock);
    }

    /** Waits until {@code count} more readings were acknowledged, over both paths together. */
    void awaitAcknowledged(int count) {
        int target = ledger.acknowledgedCount() + count;
        await().atMost(patience).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.acknowledgedCount() >= target);
    }

    /** Waits until {@code count} more readings of these devices were acknowledged. */
    void awaitAcknowledgedOf(Collection<String> devices, int count) {
        long target = ledger.acknowledgedOf(devices) + count;
        await().atMost(patience).pollInterval(Duration.ofMillis(200))
                .until(() -> ledger.acknowledgedOf(devices) >= target);
    }

    @Override
    public void close() throws Exception {
        try {
            rest.close();
        } finally {
            gateway.close();
        }
        assertThat(rest.unexpectedAnswers()).as("answers to valid batches sent again unchanged").isEmpty();
    }
}
