package io.telemetra.command.archive;

import com.fasterxml.jackson.core.JsonParser;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The format of a segment's file, {@code <partition>.events.jsonl.gz}: the partition's events sorted by stream and
 * sequence number, one {@link ArchivedEvent} JSON object per line, each stream's lines compressed as one gzip member.
 * Concatenated gzip members are one valid gzip file ({@code zcat} reads it whole), and a stream's member can be read
 * alone from its offset and length (a ranged GET on an object store).
 */
final class SegmentFile {

    private SegmentFile() {
    }

    static String fileName(String partition) {
        return partition + ".events.jsonl.gz";
    }

    static String manifestName(String partition) {
        return partition + ".manifest.json";
    }

    /** Where one stream's events are in the file. */
    record Run(String aggregateIdentifier, long firstSequence, long lastSequence, int events, String firstTimeStamp,
               String lastTimeStamp, long offset, long length) {
    }

    /** What was written: the runs, and checksums of the events and of the file's bytes. */
    record Written(List<Run> runs, long events, java.math.BigInteger digest, long bytes, String sha256,
                   Long minGlobalIndex, Long maxGlobalIndex) {
    }

    /**
     * Writes events, which must come sorted by stream and sequence number, as a segment file. Not thread-safe: one
     * writer per file.
     */
    static final class Writer {

        private final CountingOutputStream counted;
        private final MessageDigest sha256;
        private final ArchiveDigest digest = new ArchiveDigest();
        private final List<Run> runs = new ArrayList<>();
        private GZIPOutputStream member;
        private String aggregate;
        private long runStart;
        private long firstSequence;
        private long lastSequence;
        private int runEvents;
        private String firstTimeStamp;
        private String lastTimeStamp;
        private Long minGlobalIndex;
        private Long maxGlobalIndex;

        Writer(OutputStream out) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
            counted = new CountingOutputStream(new DigestOutputStream(out, sha256));
        }

        void write(ArchivedEvent event) throws IOException {
            if (!event.aggregateIdentifier().equals(aggregate)) {
                endRun();
                aggregate = event.aggregateIdentifier();
                runStart = counted.count;
                firstSequence = event.sequenceNumber();
                firstTimeStamp = event.timeStamp();
                runEvents = 0;
                member = new GZIPOutputStream(new Unclosable(counted), 1 << 16);
            } else if (event.sequenceNumber() <= lastSequence) {
                throw new IllegalArgumentException("events of " + aggregate + " out of sequence order");
            }
            event.writeLine(member);
            lastSequence = event.sequenceNumber();
            lastTimeStamp = event.timeStamp();
            runEvents++;
            digest.add(event);
            minGlobalIndex = minGlobalIndex == null ? event.globalIndex() : Math.min(minGlobalIndex,
                    event.globalIndex());
            maxGlobalIndex = maxGlobalIndex == null ? event.globalIndex() : Math.max(maxGlobalIndex,
                    event.globalIndex());
        }

        Written finish() throws IOException {
            endRun();
            counted.flush();
            return new Written(List.copyOf(runs), digest.events(), digest.value(), counted.count,
                    HexFormat.of().formatHex(sha256.digest()), minGlobalIndex, maxGlobalIndex);
        }

        private void endRun() throws IOException {
            if (member == null) {
                return;
            }
            member.finish();
            runs.add(new Run(aggregate, firstSequence, lastSequence, runEvents, firstTimeStamp, lastTimeStamp,
                    runStart, counted.count - runStart));
            member = null;
        }
    }

    /** Reads a whole file back: every event, and the checksums to compare with those recorded when it was written. */
    static Written verify(InputStream in, EventSink sink) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        CountingInputStream counted = new CountingInputStream(new java.security.DigestInputStream(in, sha256));
        ArchiveDigest digest = new ArchiveDigest();
        PushbackInputStream bytes = new PushbackInputStream(counted, 1);
        int first = bytes.read();
        if (first >= 0) { // a day without readings is an empty file: no gzip member at all
            bytes.unread(first);
            try (JsonParser parser = ArchivedEvent.parser(new GZIPInputStream(bytes, 1 << 16))) {
                ArchivedEvent event;
                while ((event = ArchivedEvent.read(parser)) != null) {
                    digest.add(event);
                    sink.accept(event);
                }
                drain(counted);
            }
        }
        return new Written(List.of(), digest.events(), digest.value(), counted.count,
                HexFormat.of().formatHex(sha256.digest()), null, null);
    }

    /** Whatever follows the last member counts towards the file's checksum too. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // only counted and digested
        }
    }

    /** The events of one run, from the bytes of its gzip member. */
    static List<ArchivedEvent> read(InputStream member) throws IOException {
        List<ArchivedEvent> events = new ArrayList<>();
        try (GZIPInputStream unzipped = new GZIPInputStream(member, 1 << 16);
             JsonParser parser = ArchivedEvent.parser(unzipped)) {
            ArchivedEvent event;
            while ((event = ArchivedEvent.read(parser)) != null) {
                events.add(event);
            }
        }
        return events;
    }

    @FunctionalInterface
    interface EventSink {
        void accept(ArchivedEvent event) throws IOException;
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** A gzip member ends with finish(), which must not close the file it is written into. */
    private static final class Unclosable extends FilterOutputStream {

        Unclosable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
