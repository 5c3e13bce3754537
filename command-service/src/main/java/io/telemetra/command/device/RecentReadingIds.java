package io.telemetra.command.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

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
 * <p>
 * An id is remembered by its {@link ReadingFingerprint#ofId 64-bit fingerprint}, in a ring of primitive arrays rather
 * than an object per id: devices stay cached, so this memory lives in the old generation and changes with every
 * reading, and slots that hold no references cost the garbage collector nothing to trace or to track across
 * generations. Two ids share a fingerprint only by a 2^-64 accident; the reading would then be refused as a conflict
 * (or, if its content's fingerprint collided too, taken for a duplicate).
 */
final class RecentReadingIds {

    /** At least the largest batch one command carries, so that a whole request or poll sent again is recognised. */
    static final int MAX_IDS = 1000;
    static final Duration HORIZON = Duration.ofMinutes(10);
    private static final int INITIAL_CAPACITY = 16;

    /** What a remembered id says about a reading that carries it. */
    enum Recall {
        /** the id is not remembered: the reading is new */
        UNKNOWN,
        /** remembered with the same content: the reading is an exact repeat */
        SAME,
        /** remembered with other content: the reading conflicts with the one recorded */
        DIFFERENT
    }

    /** The remembered readings, oldest first, as a snapshot holds them. */
    record Remembered(long[] ids, long[] fingerprints, long[] receivedAtMillis) {
    }

    private long[] ids;
    private long[] fingerprints;
    private long[] receivedAtMillis;
    /** The oldest entry's slot; the others follow it round the ring. */
    private int oldest;
    private int size;

    RecentReadingIds() {
        this(new Remembered(new long[0], new long[0], new long[0]));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    RecentReadingIds(Remembered remembered) {
        size = remembered.ids().length;
        if (remembered.fingerprints().length != size || remembered.receivedAtMillis().length != size
                || size > MAX_IDS) {
            throw new IllegalArgumentException("remembered reading ids must come as three arrays of one length, at most "
                    + MAX_IDS);
        }
        lay(remembered, Math.max(INITIAL_CAPACITY, size));
    }

    Recall recall(String readingId, long fingerprint) {
        long id = ReadingFingerprint.ofId(readingId);
        // Newest first (a reading sent again is most often a recent one): the ring's wrapped part, then the rest, each
        // a plain scan of an array, with no slot arithmetic per entry.
        int end = oldest + size;
        int slot = lastSlotOf(id, 0, Math.max(0, end - ids.length));
        if (slot < 0) {
            slot = lastSlotOf(id, oldest, Math.min(end, ids.length));
        }
        if (slot < 0) {
            return Recall.UNKNOWN;
        }
        return fingerprints[slot] == fingerprint ? Recall.SAME : Recall.DIFFERENT;
    }

    void remember(String readingId, long fingerprint, Instant receivedAt) {
        long receivedAtMillis = receivedAt.toEpochMilli();
        if (size == MAX_IDS) {
            dropOldest();
        } else if (size == ids.length) {
            grow();
        }
        int slot = slot(size);
        ids[slot] = ReadingFingerprint.ofId(readingId);
        fingerprints[slot] = fingerprint;
        this.receivedAtMillis[slot] = receivedAtMillis;
        size++;
        long oldestKept = receivedAtMillis - HORIZON.toMillis();
        while (this.receivedAtMillis[oldest] < oldestKept) {
            dropOldest();
        }
    }

    int size() {
        return size;
    }

    @JsonValue
    Remembered remembered() {
        long[][] inOrder = {new long[size], new long[size], new long[size]};
        long[][] ring = {ids, fingerprints, receivedAtMillis};
        for (int i = 0; i < size; i++) {
            int slot = slot(i);
            for (int array = 0; array < ring.length; array++) {
                inOrder[array][i] = ring[array][slot];
            }
        }
        return new Remembered(inOrder[0], inOrder[1], inOrder[2]);
    }

    /** The same ids, fingerprints and times in the same order, wherever they sit in the ring. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RecentReadingIds that)) {
            return false;
        }
        Remembered mine = remembered();
        Remembered theirs = that.remembered();
        return Arrays.equals(mine.ids(), theirs.ids()) && Arrays.equals(mine.fingerprints(), theirs.fingerprints())
                && Arrays.equals(mine.receivedAtMillis(), theirs.receivedAtMillis());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(remembered().ids());
    }

    private int lastSlotOf(long id, int fromSlot, int toSlot) {
        for (int slot = toSlot - 1; slot >= fromSlot; slot--) {
            if (ids[slot] == id) {
                return slot;
            }
        }
        return -1;
    }

    private int slot(int age) {
        return (oldest + age) % ids.length;
    }

    private void dropOldest() {
        oldest = (oldest + 1) % ids.length;
        size--;
    }

    private void grow() {
        lay(remembered(), Math.min(MAX_IDS, ids.length * 2));
    }

    /** Lays the readings out oldest first from slot 0 of a ring of {@code capacity} slots. */
    private void lay(Remembered inOrder, int capacity) {
        ids = Arrays.copyOf(inOrder.ids(), capacity);
        fingerprints = Arrays.copyOf(inOrder.fingerprints(), capacity);
        receivedAtMillis = Arrays.copyOf(inOrder.receivedAtMillis(), capacity);
        oldest = 0;
    }
}
