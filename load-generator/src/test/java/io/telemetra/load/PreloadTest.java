package io.telemetra.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.stream.LongStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PreloadTest {

    private final ObjectMapper json = WireFormat.objectMapper();

    /** What the projection decodes: the publisher's envelope, the payload as stored, metadata values as strings. */
    @Test
    void aPreloadedEventGoesToKafkaAsThePublishersEnvelopeOfItsStoredPayload() throws Exception {
        ReadingRecordedEvent reading = new ReadingRecordedEvent("preload-x-000001", "x-0", "temperature", 21.37, "Cel",
                Instant.parse("2026-11-01T10:00:00.880Z"), Instant.parse("2026-11-01T10:00:01Z"));
        byte[] stored = json.writeValueAsBytes(reading);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(EventMetadata.PRINCIPAL, "kafka:telemetra.device-telemetry");
        metadata.put(EventMetadata.CORRELATION_ID, "c-1");

        EventEnvelope envelope = json.readValue(Preload.envelope("e-1", reading.deviceId(), 7, reading, "1",
                "2026-11-01T10:00:01.000Z", metadata, stored), EventEnvelope.class);

        assertThat(envelope).isEqualTo(new EventEnvelope("e-1", "preload-x-000001", 7, "ReadingRecorded", "1",
                Instant.parse("2026-11-01T10:00:01Z"), metadata, json.readTree(stored)));
        assertThat(json.treeToValue(envelope.payload(), ReadingRecordedEvent.class)).isEqualTo(reading);
    }

    /** A run asking for the total an earlier one reached must find nothing to add (the earlier one fell short). */
    @Test
    void aPreloadAddsExactlyTheEventsAskedFor() {
        assertThat(placed(40_000_685, 400)).isEqualTo(40_000_685);
        assertThat(placed(10_000_000, 10_000)).isEqualTo(10_000_000);
        assertThat(placed(2_100_000, 2_100)).isEqualTo(2_100_000);
        assertThat(placed(1_234_567, 1_234)).isEqualTo(1_234_567);
        assertThat(placed(16_294, 16)).isGreaterThanOrEqualTo(16_294);
    }

    private static long placed(long events, int devices) {
        Preload.Shape shape = Preload.Shape.of(events, devices);
        return LongStream.range(0, shape.streams())
                .map(i -> 3 + shape.rounds() * (i < devices ? 1 : shape.longPerRound()) + shape.lastRoundExtra((int) i))
                .sum();
    }
}
