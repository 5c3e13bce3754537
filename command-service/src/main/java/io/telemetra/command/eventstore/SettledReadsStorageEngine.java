package io.telemetra.command.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Axon's JDBC engine, except that a tracked read stops short of a fresh hole in the global index instead of reading past
 * it. PostgreSQL draws {@code global_index} at insert, so while one submission's transaction is committing, another
 * that inserted after it may already be visible: Axon's reader then records every index of the first as a gap, and
 * from there on copies that gap set into the token of every event it reads (hundreds of tree nodes per event, for each
 * reader) and asks for the gaps by an {@code IN} list in every query, until they fill. Waiting for the commit instead
 * costs a few milliseconds of latency and none of that.
 * <p>
 * A hole counts as fresh while the first event after it is younger than {@code freshGapWait}: a transaction that
 * inserted before that event is most likely still committing. Past that, the hole may be for good (a rolled-back
 * insert) and is read past and tracked as a gap, as Axon does, so nothing is ever skipped: the gap-aware token still
 * catches an event that commits late. The event's time is its creation time, in the format Axon stores
 * ({@link DateTimeUtils#formatInstant}), whose text sorts as the time does.
 */
final class SettledReadsStorageEngine extends JdbcEventStorageEngine {

    private final Duration freshGapWait;

    SettledReadsStorageEngine(JdbcEventStorageEngine.Builder builder, Duration freshGapWait) {
        super(builder);
        this.freshGapWait = freshGapWait;
    }

    @Override
    protected PreparedStatement readEventData(Connection connection, TrackingToken lastToken, int batchSize)
            throws SQLException {
        if (!(lastToken instanceof GapAwareTrackingToken token)) {
            return super.readEventData(connection, lastToken, batchSize);
        }
        EventSchema schema = schema();
        String index = schema.globalIndexColumn();
        String fields = schema.trackedEventFields();
        List<Long> gaps = new ArrayList<>(token.getGaps());
        String sql = "WITH next AS (SELECT " + fields + ", " + index + " - lag(" + index + ", 1, ?) OVER (ORDER BY "
                + index + ") AS step FROM " + schema.domainEventTable() + " WHERE " + index + " > ? AND " + index
                + " <= ?) SELECT " + fields + " FROM next WHERE " + index + " < coalesce((SELECT min(" + index
                + ") FROM next WHERE step > 1 AND " + schema.timestampColumn() + " > ?), " + Long.MAX_VALUE + ")"
                + (gaps.isEmpty() ? "" : " UNION ALL SELECT " + fields + " FROM " + schema.domainEventTable()
                        + " WHERE " + index + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")")
                + " ORDER BY " + index;
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, token.getIndex());
        statement.setLong(2, token.getIndex());
        statement.setLong(3, token.getIndex() + batchSize);
        statement.setString(4, DateTimeUtils.formatInstant(GenericEventMessage.clock.instant().minus(freshGapWait)));
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(5 + i, gaps.get(i));
        }
        return statement;
    }
}
