package io.telemetra.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the platform's event store ({@code eventstore.domain_event_entry}) to count what was really stored, whatever
 * the senders believe. Windows are global-index ranges: the index is drawn when an event is inserted, so the head
 * at two instants brackets what was written between them.
 */
final class EventStore {

    /** Axon names the payload type after the event class; a pattern still matches after a package move. */
    private static final String READINGS_BETWEEN = "select count(*), coalesce(avg(octet_length(payload)), 0),"
            + " coalesce(avg(octet_length(meta_data)), 0) from eventstore.domain_event_entry"
            + " where global_index > ? and global_index <= ? and payload_type like '%ReadingRecorded%'";

    /** ReadingRecorded events in a window, and the average size of their serialized payload and metadata. */
    record Readings(long count, double payloadBytes, double metaDataBytes) {
    }

    private final Connection connection;

    EventStore(Connection connection) {
        this.connection = connection;
    }

    /** The highest global index written so far (0 for an empty store): one backward step on the primary key. */
    long head() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select coalesce(max(global_index), 0) from eventstore.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** ReadingRecorded events with {@code after < global_index <= upTo}. */
    Readings readingsBetween(long after, long upTo) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(READINGS_BETWEEN)) {
            query.setLong(1, after);
            query.setLong(2, upTo);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new Readings(rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
            }
        }
    }
}
