package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.messaging.TransientFailures;
import io.telemetra.command.tracing.EventTraces;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What one poll becomes: one submission in offset order, dead letters with their reasons, a failure to retry. */
class TelemetryConsumerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ScriptedDevices devices = new ScriptedDevices();
    /** The template closes its producer after each send: every send gets one of these. */
    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    private final TelemetryConsumer consumer = new TelemetryConsumer(
            new TelemetryRecordDecoder(new ObjectMapper().registerModule(new JavaTimeModule()),
                    new ReadingValidator(new IngestionProperties(Duration.ofMinutes(5), Duration.ofDays(30), 1000)),
                    16 * 1024),
            devices.ingestion, new TelemetryDeadLetters(new KafkaTemplate<>(new MockProducerFactory<>(this::newProducer))),
            new EventTraces(Tracer.NOOP, Propagator.NOOP), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aPollIsOneSubmissionAndWhatWasNotStoredIsSetAsideWithItsReason() {
        consumer.onPoll(List.of(
                record(0, "pump", reading("pump", "r-1")),
                record(1, "pump", "not json"),
                record(2, "boiler", reading("boiler", "r-1")),
                record(3, "pump", reading("pump", "conflict-1")),
                record(4, "pump", reading("pump", "dup-1")),
                record(5, "unknown", reading("unknown", "r-1"))));

        assertThat(devices.handled).containsExactly("boiler", "pump", "unknown");
        assertThat(devices.batches).hasSize(1);
        assertThat(devices.metadata).allSatisfy(metadata ->
                assertThat(metadata).containsEntry("principal", "kafka:telemetra.device-telemetry"));
        assertThat(deadLetters()).extracting(ProducerRecord::topic).containsOnly(Topics.DEVICE_TELEMETRY_DLT);
        assertThat(deadLetters()).extracting(deadLetter -> header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET),
                        deadLetter -> header(deadLetter, DeadLetterHeaders.ERROR_CODE))
                .containsExactly(tuple("1", "MALFORMED_REQUEST"), tuple("3", "READING_CONFLICT"),
                        tuple("5", "DEVICE_NOT_FOUND"));
        assertThat(devices.counted("telemetra.readings.accepted", "kafka", null)).isEqualTo(2);
        assertThat(devices.counted("telemetra.readings.duplicates", "kafka", null)).isEqualTo(1);
    }

    @Test
    void aFailureToStoreFailsThePollSoThatItIsRetriedAndSetsNothingAside() {
        assertThatThrownBy(() -> consumer.onPoll(List.of(
                record(0, "pump", "not json"), record(1, "database-down", reading("database-down", "r-1")))))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(deadLetters()).as("dead letters wait for the retry that succeeds").isEmpty();
    }

    @Test
    void onlyFailuresThatRetryingCanCureAreRetried() {
        assertThat(TransientFailures.isTransient(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("wrapped",
                new SQLException("connection refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(Topics.DEVICE_TELEMETRY, 0, offset, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private MockProducer<String, byte[]> newProducer() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, new StringSerializer(),
                new ByteArraySerializer());
        producers.add(producer);
        return producer;
    }

    private List<ProducerRecord<String, byte[]>> deadLetters() {
        return producers.stream().flatMap(producer -> producer.history().stream()).toList();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String reading(String deviceId, String readingId) {
        return """
                {"deviceId": "%s", "readingId": "%s", "metric": "t", "value": 1, "timestamp": "%s"}"""
                .formatted(deviceId, readingId, NOW);
    }
}
