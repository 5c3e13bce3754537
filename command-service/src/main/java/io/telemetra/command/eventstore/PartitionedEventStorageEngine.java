package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Axon's JDBC engine, with its reads fitted to the partitioned event table (V5__partitioned_event_store.sql).
 * <p>
 * <b>Tracked reads</b> (the event relay, the processors' stream) turn their rows into events that parse their stored
 * timestamp once, on a fast path ({@link StoredTimestamps}): Axon's entries parse it with the general ISO parser each
 * time it is asked for, and it is asked for twice per event (the token's gap timeout, then the envelope or the
 * handler). Tokens advance exactly as Axon's engine advances them, with the gap settings given here. A tracked read
 * also asks PostgreSQL for the prepared statement's generic plan: its {@code global_index} range prunes none of the
 * partitions, and with custom plans, PostgreSQL's choice for them, every read was planned again over every partition
 * (0.4 ms of planning against 0.2 ms of execution, a few hundred reads a second below saturation). The generic plan is
 * the same plan, made once per connection.
 * <p>
 * <b>A stream read after a snapshot</b> (an aggregate load) reads reading events only from the day partitions that can
 * hold them, instead of probing the stream's index in every day of the hot history: the events after a snapshot were
 * stored after the state it holds was read or committed, and the snapshot was written after that, so none of them is
 * older than the snapshot's own timestamp less the delay of the snapshot executor and the clocks' skew between
 * instances. The read starts at the day before the snapshot's (UTC), a day's margin for those ({@link ReadingDays}).
 * Without a snapshot below the read's first sequence number every partition is read, as Axon reads them.
 * <p>
 * <b>A stream is read a batch of events at a time</b>, from a sequence number on ({@code limit}), not a batch-wide
 * range of sequence numbers as Axon reads it: Axon stops at the first range that holds nothing, so a stream whose hot
 * events skip a batch's width of sequence numbers (readings moved to the archive) ended there, and what followed in
 * the hot store was not read. A batch shorter than the batch size is then the stream's last: the read ends there
 * instead of asking for an empty batch (and the snapshot below it) once more, as Axon's JDBC engine must.
 */
final class PartitionedEventStorageEngine extends JdbcEventStorageEngine {

    /** Axon's defaults, set on the builder by {@link #configuredBuilder()} so that the engine and this class agree. */
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final int GAP_TIMEOUT_MILLIS = 60_000;

    /** The timestamp of the stream's latest snapshot below a sequence number. */
    private final String latestSnapshotBelow;
    /** A stream's events from a sequence number, then a condition and {@link #batch}. */
    private final String readStream;
    /** The order and size of a batch of a stream. */
    private final String batch;

    /** @param builder a {@link #configuredBuilder()}, completed */
    PartitionedEventStorageEngine(Builder builder) {
        super(builder);
        EventSchema schema = schema();
        latestSnapshotBelow = "select " + schema.timestampColumn() + " from " + schema.snapshotTable() + " where "
                + schema.aggregateIdentifierColumn() + " = ? and " + schema.sequenceNumberColumn() + " < ? order by "
                + schema.sequenceNumberColumn() + " desc limit 1";
        readStream = "select " + schema.trackedEventFields() + " from " + schema.domainEventTable()
                + " where " + schema.aggregateIdentifierColumn() + " = ? and " + schema.sequenceNumberColumn()
                + " >= ?";
        batch = " order by " + schema.sequenceNumberColumn() + " limit ?";
    }

    /** Axon's builder with the gap settings this class advances tokens by. */
    static Builder configuredBuilder() {
        return JdbcEventStorageEngine.builder()
                .lowestGlobalSequence(LOWEST_GLOBAL_SEQUENCE)
                .maxGapOffset(MAX_GAP_OFFSET)
                .gapTimeout(GAP_TIMEOUT_MILLIS);
    }

    @Override
    protected PreparedStatement readEventDataWithoutGaps(Connection connection, long globalIndex, int batchSize)
            throws SQLException {
        useGenericPlans(connection);
        return super.readEventDataWithoutGaps(connection, globalIndex, batchSize);
    }

    @Override
    protected PreparedStatement readEventDataWithGaps(Connection connection, long globalIndex, int batchSize,
                                                      List<Long> gaps) throws SQLException {
        useGenericPlans(connection);
        return super.readEventDataWithGaps(connection, globalIndex, batchSize, gaps);
    }

    @Override
    protected PreparedStatement readEventData(Connection connection, String identifier, long firstSequenceNumber,
                                              int batchSize) throws SQLException {
        Instant snapshot = latestSnapshotTime(connection, identifier, firstSequenceNumber);
        PreparedStatement statement = connection.prepareStatement(readStream
                + (snapshot == null ? "" : ReadingDays.storedFrom(snapshot)) + batch);
        statement.setString(1, identifier);
        statement.setLong(2, firstSequenceNumber);
        statement.setInt(3, batchSize);
        return statement;
    }

    @Override
    protected boolean fetchForAggregateUntilEmpty() {
        return false;
    }

    /** When the stream's latest snapshot below {@code firstSequenceNumber} was stored; null without one. */
    private Instant latestSnapshotTime(Connection connection, String identifier, long firstSequenceNumber)
            throws SQLException {
        if (firstSequenceNumber == 0) {
            return null; // a whole stream, read from its start: no snapshot lies below it
        }
        try (PreparedStatement snapshot = connection.prepareStatement(latestSnapshotBelow)) {
            snapshot.setString(1, identifier);
            snapshot.setLong(2, firstSequenceNumber);
            try (ResultSet row = snapshot.executeQuery()) {
                return row.next() ? StoredTimestamps.parse(row.getString(1)) : null;
            }
        }
    }

    /** For the rest of the read's transaction (Axon reads tracked events in one of their own). */
    private static void useGenericPlans(Connection connection) throws SQLException {
        try (Statement setting = connection.createStatement()) {
            setting.execute("set local plan_cache_mode = force_generic_plan");
        }
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalIndex = resultSet.getLong(schema.globalIndexColumn());
        String aggregateIdentifier = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        StoredEvent event = new StoredEvent(
                resultSet.getString(schema.typeColumn()),
                eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                resultSet.getLong(schema.sequenceNumberColumn()),
                eventIdentifier,
                StoredTimestamps.parse((String) readTimeStamp(resultSet, schema.timestampColumn())),
                new SimpleSerializedObject<>(readPayload(resultSet, schema.payloadColumn()), byte[].class,
                        new SimpleSerializedType(resultSet.getString(schema.payloadTypeColumn()),
                                resultSet.getString(schema.payloadRevisionColumn()))),
                new SerializedMetaData<>(readPayload(resultSet, schema.metaDataColumn()), byte[].class));
        // Gaps are tracked only behind recent events: an older hole is a transaction that rolled back, not one open.
        boolean allowGaps = event.getTimestamp()
                .isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        GapAwareTrackingToken token;
        if (previousToken == null) {
            token = GapAwareTrackingToken.newInstance(globalIndex, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalIndex), globalIndex).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        } else {
            token = previousToken.advanceTo(globalIndex, allowGaps ? MAX_GAP_OFFSET : 0);
        }
        return new TrackedDomainEventData<>(token, event);
    }

    /** A stored event (as Axon's entries hold it, bytes as stored) whose timestamp is parsed once. */
    private static final class StoredEvent implements DomainEventData<byte[]> {

        private final String type;
        private final String aggregateIdentifier;
        private final long sequenceNumber;
        private final String eventIdentifier;
        private final Instant timestamp;
        private final SerializedObject<byte[]> payload;
        private final SerializedObject<byte[]> metaData;

        private StoredEvent(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                            Instant timestamp, SerializedObject<byte[]> payload, SerializedObject<byte[]> metaData) {
            this.type = type;
            this.aggregateIdentifier = aggregateIdentifier;
            this.sequenceNumber = sequenceNumber;
            this.eventIdentifier = eventIdentifier;
            this.timestamp = timestamp;
            this.payload = payload;
            this.metaData = metaData;
        }

        @Override
        public String getType() {
            return type;
        }

        @Override
        public String getAggregateIdentifier() {
            return aggregateIdentifier;
        }

        @Override
        public long getSequenceNumber() {
            return sequenceNumber;
        }

        @Override
        public String getEventIdentifier() {
            return eventIdentifier;
        }

        @Override
        public Instant getTimestamp() {
            return timestamp;
        }

        @Override
        public SerializedObject<byte[]> getMetaData() {
            return metaData;
        }

        @Override
        public SerializedObject<byte[]> getPayload() {
            return payload;
        }
    }
}
