package io.telemetra.command.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.TopicFromStart;
import io.telemetra.testsupport.SeparateEmbeddedInfrastructure;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, one reading's path is one trace: the request that posts it, the event it is stored as (the trace
 * context goes into the event's metadata), the event's publication on {@code telemetra.device-events}, and the record's
 * headers, which carry the trace on to the consumers; a gateway's reading on {@code telemetra.device-telemetry}
 * continues the trace its record's headers carry. Spans are collected in memory instead of being exported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {TestTokens.SECRET_PROPERTY,
        "management.tracing.enabled=true", "management.tracing.sampling.probability=1.0",
        "management.otlp.tracing.export.enabled=false"})
@AutoConfigureObservability
@SeparateEmbeddedInfrastructure
@Import(TracingIT.CollectedSpans.class)
class TracingIT {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @TestConfiguration(proxyBeanMethods = false)
    static class CollectedSpans {

        @Bean
        SpanProcessor collectedSpans() {
            return SimpleSpanProcessor.create(SPANS);
        }
    }

    @Autowired
    TestRestTemplate http;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aReadingPostedInATraceIsStoredPublishedAndHandedToKafkaInThatTrace() {
        String deviceId = "traced-" + UUID.randomUUID();
        assertThat(post("/api/devices", """
                {"deviceId": "%s", "type": "thermostat", "name": "Traced"}""".formatted(deviceId), null))
                .isEqualTo(HttpStatus.CREATED);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));

        assertThat(post("/api/devices/" + deviceId + "/readings", """
                {"metric": "temperature", "value": 21.5, "timestamp": "%s"}"""
                .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS)), "00-" + traceId + "-" + callerSpanId + "-01"))
                .isEqualTo(HttpStatus.ACCEPTED);

        ConsumerRecord<String, byte[]> published = publishedReading(deviceId);
        Header traceparent = published.headers().lastHeader("traceparent");
        assertThat(traceparent).as("the record carries the trace to its consumers").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId))
                .extracting(SpanData::getName)
                .contains("http post /api/devices/{deviceId}/readings", "publish ReadingRecordedEvent",
                        Topics.DEVICE_EVENTS + " send"));
        SpanData server = span(traceId, "http post /api/devices/{deviceId}/readings");
        SpanData publication = span(traceId, "publish ReadingRecordedEvent");
        // The producer's span whose context the record carries (the device's first reading also published its
        // DeviceCameOnline, in a send of its own).
        String sendSpanId = new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[2];
        SpanData send = spansOf(traceId).stream().filter(span -> span.getSpanId().equals(sendSpanId)).findFirst()
                .orElseThrow();
        assertThat(send.getName()).isEqualTo(Topics.DEVICE_EVENTS + " send");
        assertThat(server.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(ancestorsOf(publication, traceId)).as("publication continues the request that stored the event")
                .contains(server.getSpanId());
        assertThat(ancestorsOf(send, traceId)).as("the record is sent within its publication: %s", trace(traceId))
                .contains(publication.getSpanId());
    }

    @Test
    void aGatewaysReadingContinuesTheTraceItsRecordCarriedIntoTheStoredEventAndItsPublication() throws Exception {
        String deviceId = "traced-gateway-" + UUID.randomUUID();
        assertThat(post("/api/devices", """
                {"deviceId": "%s", "type": "thermostat", "name": "Traced"}""".formatted(deviceId), null))
                .isEqualTo(HttpStatus.CREATED);
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String gatewaySpanId = HexFormat.of().formatHex(randomBytes(8));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEVICE_TELEMETRY, deviceId, """
                {"deviceId": "%s", "readingId": "g-1", "metric": "temperature", "value": 21.5, "unit": "Cel",
                 "timestamp": "%s"}""".formatted(deviceId, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", ("00-" + traceId + "-" + gatewaySpanId + "-01")
                .getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> gateway = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new ByteArraySerializer())) {
            gateway.send(record).get(30, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, byte[]> published = publishedReading(deviceId);
        Header traceparent = published.headers().lastHeader("traceparent");
        assertThat(traceparent).as("the published event carries the gateway's trace on").isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spansOf(traceId))
                .extracting(SpanData::getName).contains("record readings", "publish ReadingRecordedEvent"));
        SpanData recording = span(traceId, "record readings");
        assertThat(recording.getParentSpanId()).as("a child of the gateway's span").isEqualTo(gatewaySpanId);
        assertThat(ancestorsOf(span(traceId, "publish ReadingRecordedEvent"), traceId))
                .as("publication continues the recording: %s", trace(traceId)).contains(recording.getSpanId());
    }

    private ConsumerRecord<String, byte[]> publishedReading(String deviceId) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> consumer = TopicFromStart.open(bootstrapServers, Topics.DEVICE_EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (deviceId.equals(record.key())
                            && new String(record.value(), StandardCharsets.UTF_8).contains("\"ReadingRecorded\"")) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }

    private static List<SpanData> spansOf(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    /** The ids of the span's parent, its parent's parent... as far as they were collected. */
    private static List<String> ancestorsOf(SpanData span, String traceId) {
        Map<String, SpanData> byId = spansOf(traceId).stream()
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
        List<String> ancestors = new ArrayList<>();
        for (SpanData parent = byId.get(span.getParentSpanId()); parent != null;
             parent = byId.get(parent.getParentSpanId())) {
            ancestors.add(parent.getSpanId());
        }
        return ancestors;
    }

    private static String trace(String traceId) {
        return spansOf(traceId).stream().map(span -> span.getName() + " " + span.getSpanId() + " <- "
                + span.getParentSpanId()).collect(Collectors.joining("; "));
    }

    private static SpanData span(String traceId, String name) {
        return spansOf(traceId).stream().filter(span -> span.getName().equals(name)).findFirst().orElseThrow();
    }

    private HttpStatus post(String path, String json, String traceparent) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(TestTokens.operator());
        if (traceparent != null) {
            headers.set("traceparent", traceparent);
        }
        return HttpStatus.valueOf(http.postForEntity(path, new HttpEntity<>(json, headers), String.class)
                .getStatusCode().value());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
