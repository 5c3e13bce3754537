package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the readings a device recorded last, oldest first, each with its ingestion time and the
 * {@link ReadingFingerprint} of its content: how the device recognises a reading delivered twice (a REST retry, a
 * Kafka redelivery) and records it once, and tells it from a different reading that reuses a remembered id.
 * <p>
 * The memory is bounded, and so is what it can recognise: an id is forgotten once {@link #MAX_IDS} newer readings were
 * recorded, or once a reading received more than {@link #HORIZON} later was recorded. A reading with a forgotten id is
 * recorded again. Forgetting happens only when a new reading is recorded, so a redelivery that comes first after an
 * outage (as Kafka's in-order redelivery does) is recognised however long the outage lasted. The bounds are part of
 * the domain, not settings: the memory rebuilt from the events is the same wherever and however it is loaded.
 */
final class RecentReadingIds {

    /** At least the largest batch one command carries, so that a whole request or poll sent again is recognised. */
    static final int MAX_IDS = 1000;
    static final Duration HORIZON = Duration.ofMinutes(10);

    /** What a remembered id says about a reading that carries it. */
    enum Recall {
        /** the id is not remembered: the reading is new */
        UNKNOWN,
        /** remembered with the same content: the reading is an exact repeat */
        SAME,
        /** remembered with other content: the reading conflicts with the one recorded */
        DIFFERENT
    }

    private final LinkedHashMap<String, Remembered> byId;

    RecentReadingIds() {
        this(new LinkedHashMap<>());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    RecentReadingIds(LinkedHashMap<String, Remembered> byId) {
        this.byId = byId;
    }

    Recall recall(String readingId, long fingerprint) {
        Remembered remembered = byId.get(readingId);
        if (remembered == null) {
            return Recall.UNKNOWN;
        }
        return remembered.fingerprint() == fingerprint ? Recall.SAME : Recall.DIFFERENT;
    }

    void remember(String readingId, long fingerprint, Instant receivedAt) {
        long receivedAtMillis = receivedAt.toEpochMilli();
        byId.put(readingId, new Remembered(receivedAtMillis, fingerprint));
        long oldestKept = receivedAtMillis - HORIZON.toMillis();
        Iterator<Map.Entry<String, Remembered>> oldestFirst = byId.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<String, Remembered> oldest = oldestFirst.next();
            if (byId.size() <= MAX_IDS && oldest.getValue().receivedAtMillis() >= oldestKept) {
                break;
            }
            oldestFirst.remove();
        }
    }

    int size() {
        return byId.size();
    }

    @JsonValue
    Map<String, Remembered> asMap() {
        return byId;
    }

    /** Kept in snapshots as a two-number array per id. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    record Remembered(long receivedAtMillis, long fingerprint) {
    }
}
