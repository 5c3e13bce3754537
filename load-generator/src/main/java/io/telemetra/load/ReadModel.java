package io.telemetra.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the platform's read model to count what reached it: the end of the end-to-end path, where the event store is
 * its middle. The projection writes each reading once into {@code readmodel.reading}, whatever happened on the way.
 */
final class ReadModel {

    private final Connection connection;

    ReadModel(Connection connection) {
        this.connection = connection;
    }

    /** Readings in the read model's raw series now: an exact count, a scan that takes a moment on a large table. */
    long readings() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from readmodel.reading")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
