package io.telemetra.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.kafka.WireFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A gateway: one idempotent producer on {@code telemetra.device-telemetry}, keyed by device id (one ordered lane per
 * device), value one reading as JSON. Sends are asynchronous and batched (linger, lz4); a reading counts as accepted
 * once the broker has it on all in-sync replicas.
 */
final class KafkaSink implements ReadingSink {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = WireFormat.objectMapper();
    private final KafkaProducer<String, byte[]> producer;
    private final SendStats stats;
    private final Consumer<PlannedReading> onFailure;
    private final AtomicLong inFlight = new AtomicLong();

    KafkaSink(String bootstrapServers, SendStats stats, Consumer<PlannedReading> onFailure) {
        this.stats = stats;
        this.onFailure = onFailure;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "telemetra-load-generator",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // a full buffer stalls the driver for at most this long, then the reading counts as failed
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(PlannedReading planned) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(planned.reading());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reading must serialize", e);
        }
        inFlight.incrementAndGet();
        stats.sent(1);
        try {
            producer.send(new ProducerRecord<>(Topics.DEVICE_TELEMETRY, planned.reading().deviceId(), value),
                    (metadata, failure) -> {
                        inFlight.decrementAndGet();
                        if (failure == null) {
                            stats.accepted(1);
                        } else {
                            fail(planned, failure);
                        }
                    });
        } catch (KafkaException e) {
            inFlight.decrementAndGet();
            fail(planned, e);
        }
    }

    private void fail(PlannedReading planned, Exception failure) {
        stats.failed("kafka " + failure.getClass().getSimpleName(), 1);
        onFailure.accept(planned);
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
