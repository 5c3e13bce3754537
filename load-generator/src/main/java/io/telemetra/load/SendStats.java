package io.telemetra.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** What the senders did, updated from any thread: readings sent, accepted, failed by reason, request latencies. */
final class SendStats {

    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile LatencySamples requestMicros = new LatencySamples();

    void sent(long readings) {
        sent.add(readings);
    }

    void accepted(long readings) {
        accepted.add(readings);
    }

    /** @param reason e.g. {@code HTTP 503}, {@code DEVICE_NOT_FOUND}, {@code TimeoutException} */
    void failed(String reason, long readings) {
        errors.computeIfAbsent(reason, r -> new LongAdder()).add(readings);
    }

    void requestTook(long micros) {
        requestMicros.record(micros);
    }

    long sent() {
        return sent.sum();
    }

    long accepted() {
        return accepted.sum();
    }

    long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Request latencies in microseconds since the start or the last {@link #restartRequestLatencies()}. */
    LatencySamples requestMicros() {
        return requestMicros;
    }

    /** Forgets the request latencies so far: the measured window starts. */
    void restartRequestLatencies() {
        requestMicros = new LatencySamples();
    }

    /** {@code none}, or reasons with their counts in name order: {@code HTTP 503: 12, TimeoutException: 1}. */
    String errorSummary() {
        Map<String, Long> counts = new TreeMap<>();
        errors.forEach((reason, count) -> counts.put(reason, count.sum()));
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
