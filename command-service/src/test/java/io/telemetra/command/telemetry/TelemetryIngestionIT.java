package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Gateway readings over the embedded broker, through the running consumer of telemetra.device-telemetry. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelemetryIngestionIT extends IntegrationTestBase {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Autowired
    private TelemetryConsumerProperties consumer;

    @Autowired
    private MeterRegistry meters;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void openProducer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void aPoisonRecordIsSetAsideWithItsReasonWhileTheGoodRecordsBehindItAreStored() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);

        RecordMetadata poison = send(deviceId, "{\"deviceId\": \"" + deviceId + "\", \"metric\": ");
        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));
        send(deviceId, reading(deviceId, "r-2", "temperature", "21.5"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() == 2);
        assertThat(storedReadingIds(deviceId)).containsExactly("r-1", "r-2");
        ConsumerRecord<String, byte[]> deadLetter = deadLetter(record -> deviceId.equals(record.key()));
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).startsWith("{\"deviceId\"");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("MALFORMED_REQUEST");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_DETAIL)).isNotBlank();
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.DEVICE_TELEMETRY);
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION))
                .isEqualTo(String.valueOf(poison.partition()));
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(String.valueOf(poison.offset()));
    }

    @Test
    void everyKindOfUnprocessableRecordIsSetAsideWithItsCode() throws Exception {
        String deviceId = newDeviceId();
        String unknown = newDeviceId();
        String retired = newDeviceId();
        register(deviceId);
        register(retired);
        exchange(HttpMethod.DELETE, "/api/devices/" + retired, null, TestTokens.operator());

        send(unknown, reading(unknown, "r-1", "temperature", "1"));
        send(retired, reading(retired, "r-1", "temperature", "1"));
        send(deviceId, reading(deviceId, "r-nan", "temperature", "\"NaN\""));
        send(deviceId, reading(newDeviceId(), "r-other", "temperature", "1"));
        send(null, reading(deviceId, "r-no-key", "temperature", "1"));
        send(deviceId, reading(deviceId, "r-good", "temperature", "1"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-good"));
        assertThat(code(deadLetter(record -> unknown.equals(record.key())))).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(code(deadLetter(record -> retired.equals(record.key())))).isEqualTo("DEVICE_DECOMMISSIONED");
        assertThat(code(deadLetter(valueContains("r-nan")))).isEqualTo("VALIDATION_FAILED");
        assertThat(code(deadLetter(valueContains("r-other")))).as("key and deviceId differ")
                .isEqualTo("VALIDATION_FAILED");
        assertThat(code(deadLetter(valueContains("r-no-key")))).isEqualTo("MALFORMED_REQUEST");
        assertThat(storedReadingIds(deviceId)).containsExactly("r-good");
    }

    @Test
    void aRecordOverTheSizeLimitIsSetAsideUnreadWithItsReasonAndWhereItCameFrom() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        String padding = "x".repeat((int) consumer.maxRecordSize().toBytes());
        String oversized = reading(deviceId, "r-big", "temperature", "1").replace("Cel", padding);

        RecordMetadata big = send(deviceId, oversized);
        send(deviceId, reading(deviceId, "r-after", "temperature", "2"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-after"));
        assertThat(storedReadingIds(deviceId)).containsExactly("r-after");
        ConsumerRecord<String, byte[]> deadLetter = deadLetter(valueContains("r-big"));
        assertThat(deadLetter.key()).isEqualTo(deviceId);
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).as("set aside as it came")
                .isEqualTo(oversized);
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_DETAIL))
                .contains(String.valueOf(consumer.maxRecordSize().toBytes()));
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.DEVICE_TELEMETRY);
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo(String.valueOf(big.partition()));
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(String.valueOf(big.offset()));
    }

    @Test
    void aRedeliveredReadingIsStoredOnceAndCountedAsADuplicate() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        double duplicatesBefore = counted("telemetra.readings.duplicates");

        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));
        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));
        send(deviceId, reading(deviceId, "r-2", "temperature", "21"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-2"));
        assertThat(storedReadingIds(deviceId)).containsExactly("r-1", "r-2");
        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));
        send(deviceId, reading(deviceId, "r-3", "temperature", "22"));
        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-3"));
        assertThat(storedReadingIds(deviceId)).containsExactly("r-1", "r-2", "r-3");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(counted("telemetra.readings.duplicates")
                - duplicatesBefore).as("counted once the poll is stored").isEqualTo(2));
    }

    @Test
    void aReadingThatReusesAStoredIdWithOtherContentIsSetAsideAsAConflict() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);
        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));
        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-1"));

        RecordMetadata conflicting = send(deviceId, reading(deviceId, "r-1", "temperature", "30.5"));
        send(deviceId, reading(deviceId, "r-2", "temperature", "21"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).contains("r-2"));
        ConsumerRecord<String, byte[]> deadLetter = deadLetter(record -> deviceId.equals(record.key()));
        assertThat(code(deadLetter)).isEqualTo("READING_CONFLICT");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_DETAIL)).contains("r-1");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET))
                .isEqualTo(String.valueOf(conflicting.offset()));
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).contains("30.5");
        assertThat(events().payloads(deviceId, "ReadingRecordedEvent")).extracting(payload ->
                payload.path("value").asDouble()).containsExactly(20.5, 21.0);
    }

    @Test
    void readingsFromKafkaNameTheTopicAsTheirPrincipal() throws Exception {
        String deviceId = newDeviceId();
        register(deviceId);

        send(deviceId, reading(deviceId, "r-1", "temperature", "20.5"));

        await().atMost(PATIENCE).until(() -> storedReadingIds(deviceId).size() == 1);
        assertThat(jdbc.queryForObject("""
                select convert_from(meta_data, 'UTF8')::jsonb ->> 'principal' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'""", String.class, deviceId))
                .isEqualTo("kafka:telemetra.device-telemetry");
    }

    private double counted(String meter) {
        Counter counter = meters.find(meter).tag("channel", "kafka").counter();
        return counter == null ? 0 : counter.count();
    }

    private RecordMetadata send(String key, String value) throws ExecutionException, InterruptedException {
        return producer.send(new ProducerRecord<>(Topics.DEVICE_TELEMETRY, key, value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    private String reading(String deviceId, String readingId, String metric, String value) {
        return """
                {"deviceId": "%s", "readingId": "%s", "metric": "%s", "value": %s, "unit": "Cel", "timestamp": "%s"}"""
                .formatted(deviceId, readingId, metric, value, now);
    }

    private List<String> storedReadingIds(String deviceId) {
        return jdbc.queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'readingId' from domain_event_entry
                where aggregate_identifier = ? and payload_type like '%ReadingRecordedEvent'
                order by sequence_number""", String.class, deviceId);
    }

    /** Reads the dead-letter topic from the start until a record matches. */
    private ConsumerRecord<String, byte[]> deadLetter(Predicate<ConsumerRecord<String, byte[]>> matching) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_TELEMETRY_DLT)) {
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static Predicate<ConsumerRecord<String, byte[]>> valueContains(String text) {
        return record -> record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(text);
    }

    private static String code(ConsumerRecord<String, byte[]> deadLetter) {
        return header(deadLetter, DeadLetterHeaders.ERROR_CODE);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
