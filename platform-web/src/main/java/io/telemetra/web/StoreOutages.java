package io.telemetra.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database that cannot serve now (down, restarting, unreachable, out of connections, timing out) from a bug:
 * the first is the caller's cue to try again later, the second is not. Reads the whole cause chain, since the same
 * outage arrives wrapped by Spring, Hibernate, Axon or the pool depending on where it was met.
 */
public final class StoreOutages {

    /**
     * PostgreSQL's SQLSTATEs of a server that cannot serve now: resources exhausted (53...), shut down, crashed or
     * still starting (57P01-57P03), a statement cancelled by its timeout (57014), a lock wait timed out (55P03), and
     * the transient conflicts that a retry resolves (40001, 40P01). Connection failures (class 08) are matched by class.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "55P03",
            "40001", "40P01");

    /**
     * What HikariCP's proxy answers, without a SQLSTATE, once the pool has evicted a connection it saw break (it evicts
     * only connections whose failure says the server went away): the rest of a transaction that was using it.
     */
    private static final String EVICTED_CONNECTION = "Connection is closed";

    private StoreOutages() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (sql.getSQLState() != null ? isOutageState(sql.getSQLState())
                    : EVICTED_CONNECTION.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageState(String state) {
        return state.startsWith("08") || state.startsWith("53") || UNAVAILABLE_STATES.contains(state);
    }
}
