package io.telemetra.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Gateways producing readings to {@code telemetra.device-telemetry}, one record per reading keyed by device id, with
 * an idempotent producer (acks=all): a reading is acknowledged once the broker confirmed its record. While the broker
 * is unreachable the producer buffers and retries; a record it gives up on is sent, not acknowledged.
 */
final class GatewayIngestion implements AutoCloseable {

    private static final Duration PAUSE = Duration.ofMillis(15);
    /** Longer than any outage the tests cause: a record is delivered late rather than given up. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread thread;
    private volatile boolean running = true;

    GatewayIngestion(FaultStack stack, ReadingLedger ledger, List<String> devices, DeviceClock clock) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis()),
                new StringSerializer(), new StringSerializer());
        thread = new Thread(() -> run(ledger, devices, clock), "gateway-ingestion");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ReadingLedger ledger, List<String> devices, DeviceClock clock) {
        for (int round = 0; running; round++) {
            ReadingLedger.Reading reading = clock.next(devices.get(round % devices.size()));
            String value;
            try {
                value = json.writeValueAsString(Map.of("deviceId", reading.deviceId(), "readingId",
                        reading.readingId(), "metric", reading.metric(), "value", reading.value(), "unit", "C",
                        "timestamp", reading.timestamp().toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ledger.sent(List.of(reading));
            producer.send(new ProducerRecord<>(Topics.DEVICE_TELEMETRY, reading.deviceId(), value),
                    (metadata, failure) -> {
                        if (failure == null) {
                            ledger.acknowledged(List.of(reading));
                        }
                    });
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops producing and waits for the broker's answer to every record sent. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        producer.flush();
        producer.close();
    }
}
