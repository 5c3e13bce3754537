package io.telemetra.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What the history costs on disk, indexes and TOAST included: the event store (reading events apart from the others)
 * and the read models of readings, per event. Counts come from the stream heads (exact) and from the planner's row
 * estimates of the partitions (a few per cent off, no scan of a large table).
 */
final class StoreFootprint {

    /**
     * @param events           events in the event store
     * @param readingEvents    reading events in it (estimated)
     * @param readingBytes     the reading events' partitions
     * @param otherEventBytes  the partition of every other event
     * @param rawRows          rows of the raw series (estimated)
     * @param rawBytes         the raw series' partitions
     * @param windowBytes      1-minute and 1-hour windows, and the marks of hours to roll up
     * @param readModelBytes   every table of the read models
     */
    record Figures(long events, long readingEvents, long readingBytes, long otherEventBytes, long rawRows,
                   long rawBytes, long windowBytes, long readModelBytes) {

        String describe() {
            return String.format(Locale.ROOT, "on disk: event store %.2f GB for %d events, %.0f bytes per reading"
                            + " event (%.2f GB) and %.2f GB of other events; read models %.2f GB: raw series %.0f"
                            + " bytes per row (%d rows, %.2f GB), windows %.2f GB; all of it %.0f bytes per reading"
                            + " event", gb(readingBytes + otherEventBytes), events, perRow(readingBytes, readingEvents),
                    gb(readingBytes), gb(otherEventBytes), gb(readModelBytes), perRow(rawBytes, rawRows), rawRows,
                    gb(rawBytes), gb(windowBytes),
                    perRow(readingBytes + otherEventBytes + readModelBytes, readingEvents));
        }

        private static double gb(long bytes) {
            return bytes / 1e9;
        }

        private static double perRow(long bytes, long rows) {
            return rows == 0 ? 0 : (double) bytes / rows;
        }
    }

    private StoreFootprint() {
    }

    static Figures measure(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("analyze eventstore.domain_event_entry_other");
            return new Figures(
                    single(statement, "select coalesce(sum(sequence_number + 1), 0) from eventstore.event_stream_head"),
                    single(statement, "select coalesce(sum(sequence_number + 1), 0) from eventstore.event_stream_head")
                            - single(statement, "select greatest(reltuples, 0)::bigint from pg_class"
                            + " where oid = 'eventstore.domain_event_entry_other'::regclass"),
                    tree(statement, "eventstore.domain_event_entry_reading"),
                    tree(statement, "eventstore.domain_event_entry_other"),
                    single(statement, "select coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint"
                            + " from pg_partition_tree('readmodel.reading') t join pg_class c on c.oid = t.relid"
                            + " where t.isleaf"),
                    tree(statement, "readmodel.reading"),
                    single(statement, "select pg_total_relation_size('readmodel.reading_window_1m')"
                            + " + pg_total_relation_size('readmodel.reading_window_1h')"
                            + " + pg_total_relation_size('readmodel.reading_window_1h_pending')"),
                    single(statement, "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c"
                            + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'readmodel'"
                            + " and c.relkind = 'r'"));
        }
    }

    /** A partitioned table with all its partitions (pg_partition_tree has no rows for a table that is not one). */
    private static long tree(Statement statement, String table) throws SQLException {
        return single(statement, "select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('"
                + table + "')");
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
