package io.telemetra.projection.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connection standing for another projection-service instance: while it holds the live schema's rollup turn, this
 * instance's rollups (scheduled or called) skip.
 */
public record OtherInstance(Connection connection) implements AutoCloseable {

    private static final String ROLLUP_TURN = "select %s(hashtext('readmodel.reading_window_1h_rollup'))";

    public void holdRollupTurn() throws SQLException {
        run(ROLLUP_TURN.formatted("pg_advisory_lock"));
    }

    public void releaseRollupTurn() throws SQLException {
        run(ROLLUP_TURN.formatted("pg_advisory_unlock"));
    }

    public void run(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The connection goes back to the pool: it must not keep the turn. */
    @Override
    public void close() throws SQLException {
        try (connection) {
            run("select pg_advisory_unlock_all()");
        }
    }
}
