package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the readings a device recorded last, oldest first, with their ingestion time: how the device recognises
 * a reading delivered twice (a REST retry, a Kafka redelivery) and records it once.
 * <p>
 * The memory is bounded, and so is what it can recognise: an id is forgotten once {@code maxIds} newer readings were
 * recorded, or once a reading received more than {@code horizon} later was recorded. A duplicate of a forgotten
 * reading is recorded again. Forgetting happens only when a new reading is recorded, so a redelivery that comes first
 * after an outage (as Kafka's in-order redelivery does) is recognised however long the outage lasted.
 */
final class RecentReadingIds {

    private final LinkedHashMap<String, Long> receivedAtMillisById;

    RecentReadingIds() {
        this(new LinkedHashMap<>());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    RecentReadingIds(LinkedHashMap<String, Long> receivedAtMillisById) {
        this.receivedAtMillisById = receivedAtMillisById;
    }

    boolean contains(String readingId) {
        return receivedAtMillisById.containsKey(readingId);
    }

    void remember(String readingId, Instant receivedAt, DeviceProperties.Deduplication bounds) {
        long receivedAtMillis = receivedAt.toEpochMilli();
        receivedAtMillisById.put(readingId, receivedAtMillis);
        long oldestKept = receivedAtMillis - bounds.horizon().toMillis();
        Iterator<Map.Entry<String, Long>> oldestFirst = receivedAtMillisById.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<String, Long> oldest = oldestFirst.next();
            if (receivedAtMillisById.size() <= bounds.maxIds() && oldest.getValue() >= oldestKept) {
                break;
            }
            oldestFirst.remove();
        }
    }

    int size() {
        return receivedAtMillisById.size();
    }

    @JsonValue
    Map<String, Long> asMap() {
        return receivedAtMillisById;
    }
}
