package io.telemetra.projection.kafka;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Continues the traces the publisher put in the records' headers ({@code traceparent}): each traced record of a batch
 * gets a span, a child of its publication, that lasts as long as the batch's projection and ends in error when it fails.
 * Spring Kafka observes record listeners only, so a batch listener reads the headers itself. Without a tracer (tracing
 * off) nothing is done.
 */
@Component
class RecordTraces {

    private static final String SPAN_NAME = "project device event";

    private final Tracer tracer;
    private final Propagator propagator;

    RecordTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    void around(List<ConsumerRecord<String, byte[]>> records, Runnable projection) {
        List<Span> spans = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (propagator.fields().stream().anyMatch(field -> record.headers().lastHeader(field) != null)) {
                spans.add(propagator.extract(record.headers(), RecordTraces::header).name(SPAN_NAME)
                        .tag("device.id", String.valueOf(record.key()))
                        .tag("messaging.kafka.partition", String.valueOf(record.partition()))
                        .tag("messaging.kafka.offset", String.valueOf(record.offset()))
                        .start());
            }
        }
        try {
            projection.run();
        } catch (RuntimeException | Error e) {
            spans.forEach(span -> span.error(e));
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private static String header(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
