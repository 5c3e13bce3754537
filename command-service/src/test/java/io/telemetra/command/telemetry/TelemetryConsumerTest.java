package io.telemetra.command.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetra.api.kafka.DeadLetterHeaders;
import io.telemetra.api.kafka.Topics;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What one poll becomes: commands per device, dead letters, and a failure the container must retry. */
class TelemetryConsumerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ReadingsDispatcher dispatcher = mock(ReadingsDispatcher.class);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
    private final TelemetryConsumer consumer = new TelemetryConsumer(
            new TelemetryRecordDecoder(new ObjectMapper().registerModule(new JavaTimeModule()),
                    new ReadingValidator(new IngestionProperties(Duration.ofMinutes(5), Duration.ofDays(30), 1000)),
                    16 * 1024),
            dispatcher, new TelemetryDeadLetters(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer))),
            new IngestionMetrics(new SimpleMeterRegistry(), "kafka"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aPollBecomesOneCommandPerDeviceInOffsetOrderAndItsPoisonADeadLetter() {
        when(dispatcher.dispatch(any(), anyMap())).thenReturn(Map.of());

        consumer.onPoll(List.of(
                record(0, "pump", reading("pump", "r-1")),
                record(1, "pump", "not json"),
                record(2, "boiler", reading("boiler", "r-1")),
                record(3, "pump", reading("pump", "r-2"))));

        ArgumentCaptor<Collection<RecordReadingsCommand>> commands = ArgumentCaptor.captor();
        verify(dispatcher).dispatch(commands.capture(), eq(Map.of("principal", "kafka:telemetra.device-telemetry")));
        List<RecordReadingsCommand> sent = List.copyOf(commands.getValue());
        assertThat(sent).extracting(RecordReadingsCommand::deviceId).containsExactly("pump", "boiler");
        assertThat(sent.get(0).readings()).extracting(Reading::readingId).containsExactly("r-1", "r-2");
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, byte[]> deadLetter = producer.history().get(0);
        assertThat(deadLetter.topic()).isEqualTo(Topics.DEVICE_TELEMETRY_DLT);
        assertThat(deadLetter.key()).isEqualTo("pump");
        assertThat(new String(deadLetter.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value(),
                StandardCharsets.UTF_8)).isEqualTo("1");
    }

    @Test
    void aFailureToStoreFailsThePollSoThatItIsRetriedAndSetsNothingAside() {
        when(dispatcher.dispatch(any(), anyMap())).thenThrow(new DataAccessResourceFailureException("down"));

        assertThatThrownBy(() -> consumer.onPoll(List.of(
                record(0, "pump", "not json"), record(1, "pump", reading("pump", "r-1")))))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(producer.history()).as("dead letters wait for the retry that succeeds").isEmpty();
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

    private static String reading(String deviceId, String readingId) {
        return """
                {"deviceId": "%s", "readingId": "%s", "metric": "t", "value": 1, "timestamp": "%s"}"""
                .formatted(deviceId, readingId, NOW);
    }
}
