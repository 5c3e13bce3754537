package io.telemetra.command.telemetry;

import io.telemetra.api.kafka.Topics;
import io.telemetra.command.FaultInjectionTestBase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gateway readings while PostgreSQL is away from command-service: the consumer polls them, cannot store them, and
 * retries the poll with back-off without committing its offsets; once the database is back, each reading is stored
 * exactly once and the offsets move past them.
 */
class TelemetryDatabaseOutageIT extends FaultInjectionTestBase {

    private static final Duration RECOVERY = Duration.ofSeconds(120);

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private EmbeddedPostgres postgres;

    @Autowired
    private TelemetryConsumerProperties consumer;

    @Test
    void readingsConsumedWhileTheDatabaseIsAwayAreStoredOnceItIsBack() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        JdbcTemplate direct = new JdbcTemplate(postgres.getPostgresDatabase());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        double consumed = consumed();

        outages.database().cut();
        RecordMetadata last = null;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                last = producer.send(new ProducerRecord<>(Topics.DEVICE_TELEMETRY, deviceId, """
                        {"deviceId": "%s", "readingId": "r-%d", "metric": "temperature", "value": %d,
                         "timestamp": "%s"}""".formatted(deviceId, i, 20 + i, now.minusSeconds(3 - i)))).get();
            }
        }
        TopicPartition partition = new TopicPartition(last.topic(), last.partition());
        long next = last.offset() + 1;
        // Polled and handed to the listener, which retries that poll (behind it the rest waits) until it is stored.
        await().atMost(RECOVERY).until(() -> consumed() > consumed);
        assertThat(readingIds(direct, deviceId)).as("nothing stored without the database").isEmpty();
        assertThat(committed(partition)).as("offsets not committed past what is not stored").isLessThan(next);
        outages.database().restore();

        await().atMost(RECOVERY).until(() -> readingIds(direct, deviceId).size() >= 3);
        assertThat(readingIds(direct, deviceId)).containsExactly("r-0", "r-1", "r-2");
        await().atMost(RECOVERY).until(() -> committed(partition) >= next);
    }

    /** The offset the service's consumer group committed on the partition (0 when none yet). */
    private long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(consumer.groupId()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return offset == null ? 0 : offset.offset();
        }
    }

    /** Records the telemetry consumer has polled. */
    private double consumed() {
        return listeners.getListenerContainer(TelemetryConsumer.LISTENER_ID).metrics().values().stream()
                .flatMap(metrics -> metrics.entrySet().stream())
                .filter(metric -> metric.getKey().name().equals("records-consumed-total")
                        && metric.getKey().group().equals("consumer-fetch-manager-metrics")
                        && !metric.getKey().tags().containsKey("topic"))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static List<String> readingIds(JdbcTemplate db, String deviceId) {
        return db.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'readingId' from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type like '%.ReadingRecordedEvent'
                order by sequence_number""", String.class, deviceId);
    }
}
