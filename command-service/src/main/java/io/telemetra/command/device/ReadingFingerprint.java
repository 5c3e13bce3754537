package io.telemetra.command.device;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * What a reading says (metric, value, unit, event time) in 64 bits: how a device tells an exact repeat of a reading
 * it recorded from a different reading that reuses its id. The first 8 bytes of a SHA-256 over an unambiguous
 * encoding, so two different contents share a fingerprint only by a 2^-64 accident, never by construction.
 */
final class ReadingFingerprint {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private ReadingFingerprint() {
    }

    static long of(String metric, double value, String unit, Instant timestamp) {
        byte[] metricBytes = metric.getBytes(StandardCharsets.UTF_8);
        byte[] unitBytes = unit == null ? new byte[0] : unit.getBytes(StandardCharsets.UTF_8);
        ByteBuffer content = ByteBuffer.allocate(4 + metricBytes.length + 5 + unitBytes.length + 8 + 8 + 4)
                .putInt(metricBytes.length).put(metricBytes)
                .put((byte) (unit == null ? 0 : 1)).putInt(unitBytes.length).put(unitBytes)
                .putLong(Double.doubleToLongBits(value))
                .putLong(timestamp.getEpochSecond()).putInt(timestamp.getNano());
        return first64Bits(content.array());
    }

    /** A reading id in 64 bits, by the same digest: how {@link RecentReadingIds} remembers it. */
    static long ofId(String readingId) {
        return first64Bits(readingId.getBytes(StandardCharsets.UTF_8));
    }

    private static long first64Bits(byte[] content) {
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        return ByteBuffer.wrap(sha256.digest(content)).getLong();
    }
}
