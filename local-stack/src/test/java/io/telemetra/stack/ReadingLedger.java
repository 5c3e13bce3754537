package io.telemetra.stack;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every reading the test sent, and which of them the platform acknowledged: an HTTP 202 over REST, a producer
 * acknowledgement (acks=all) on {@code telemetra.device-telemetry}. An acknowledged reading must be stored exactly
 * once; one that was sent but not acknowledged (the connection died, the broker was unreachable) may be stored at most
 * once.
 */
final class ReadingLedger {

    /** One reading; its identity is device and reading id. */
    record Reading(String deviceId, String readingId, String metric, double value, Instant timestamp) {

        String key() {
            return key(deviceId, readingId);
        }

        static String key(String deviceId, String readingId) {
            return deviceId + "/" + readingId;
        }
    }

    private final Map<String, Reading> sent = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    void sent(Collection<Reading> readings) {
        readings.forEach(reading -> sent.put(reading.key(), reading));
    }

    void acknowledged(Collection<Reading> readings) {
        readings.forEach(reading -> acknowledged.add(reading.key()));
    }

    Set<String> acknowledgedKeys() {
        return Set.copyOf(acknowledged);
    }

    Set<String> sentKeys() {
        return Set.copyOf(sent.keySet());
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    long acknowledgedOf(Collection<String> devices) {
        Set<String> wanted = Set.copyOf(devices);
        return acknowledged.stream().filter(key -> wanted.contains(key.substring(0, key.indexOf('/')))).count();
    }

    List<String> devices() {
        return sent.values().stream().map(Reading::deviceId).distinct().sorted().toList();
    }
}
