package io.telemetra.command.archive;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An order-independent checksum of a set of events, computed the same way in the database ({@link #SQL}, over a
 * partition) and here (over the events read back from the archive): the sum of the first 60 bits of an MD5 over every
 * column of each event (payload and metadata by their own MD5). It detects a missing, extra or altered event; it is a
 * check against loss and corruption, not against tampering.
 */
final class ArchiveDigest {

    private static final String NULL = "\\N";

    /** The digest of the rows of a query over {@code domain_event_entry}'s columns, as a numeric. */
    static final String SQL = "coalesce(sum(('x' || left(md5(concat_ws('|', global_index::text, event_identifier,"
            + " aggregate_identifier, sequence_number::text, coalesce(type, '\\N'), time_stamp, payload_type,"
            + " coalesce(payload_revision, '\\N'), md5(payload), coalesce(md5(meta_data), '\\N'))), 15))::bit(60)"
            + "::bigint::numeric), 0)";

    private final MessageDigest md5;
    private BigInteger sum = BigInteger.ZERO;
    private long events;

    ArchiveDigest() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    void add(ArchivedEvent event) {
        String line = String.join("|", Long.toString(event.globalIndex()), event.eventIdentifier(),
                event.aggregateIdentifier(), Long.toString(event.sequenceNumber()), orNull(event.type()),
                event.timeStamp(), event.payloadType(), orNull(event.payloadRevision()), hex(event.payload()),
                event.metaData() == null ? NULL : hex(event.metaData()));
        String hash = HexFormat.of().formatHex(md5.digest(line.getBytes(StandardCharsets.UTF_8)));
        sum = sum.add(BigInteger.valueOf(Long.parseLong(hash.substring(0, 15), 16)));
        events++;
    }

    BigInteger value() {
        return sum;
    }

    long events() {
        return events;
    }

    private String hex(byte[] bytes) {
        return HexFormat.of().formatHex(md5.digest(bytes));
    }

    private static String orNull(String value) {
        return value == null ? NULL : value;
    }
}
