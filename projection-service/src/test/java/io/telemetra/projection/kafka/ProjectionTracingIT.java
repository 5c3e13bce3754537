package io.telemetra.projection.kafka;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ReadModelWait;
import io.telemetra.testsupport.SeparateEmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, the projection of an event continues the trace its record carries in the {@code traceparent} header
 * (put there by the publisher, see command-service's TracingIT): a reading's trace ends in the read model. A record
 * without one is projected untraced.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {TestTokens.SECRET_PROPERTY,
        "management.tracing.enabled=true", "management.tracing.sampling.probability=1.0",
        "management.otlp.tracing.export.enabled=false"})
@AutoConfigureObservability
@SeparateEmbeddedInfrastructure
@ActiveProfiles("test")
@Import({DeviceEventsTopic.class, ProjectionTracingIT.CollectedSpans.class})
class ProjectionTracingIT {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @TestConfiguration(proxyBeanMethods = false)
    static class CollectedSpans {

        @Bean
        SpanProcessor collectedSpans() {
            return SimpleSpanProcessor.create(SPANS);
        }
    }

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theProjectionOfAnEventIsASpanInTheTraceItsRecordCarries() {
        String deviceId = "traced-" + UUID.randomUUID();
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String publicationSpanId = HexFormat.of().formatHex(randomBytes(8));

        topic.publish(envelope(deviceId, 0, registered(deviceId)),
                Map.of("traceparent", "00-" + traceId + "-" + publicationSpanId + "-01"));

        ReadModelWait.untilSequence(jdbc, deviceId, 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId)).hasSize(1));
        SpanData projection = spansOf(traceId).get(0);
        assertThat(projection.getName()).isEqualTo("project device event");
        assertThat(projection.getParentSpanId()).isEqualTo(publicationSpanId);
        assertThat(projection.getAttributes().asMap().values()).contains(deviceId);
    }

    private static List<SpanData> spansOf(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
