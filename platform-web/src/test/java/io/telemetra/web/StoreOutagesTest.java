package io.telemetra.web;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreOutagesTest {

    @Test
    void aServerThatIsDownRestartingOrUnreachableIsAnOutageHoweverItIsWrapped() {
        assertThat(StoreOutages.isOutage(new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)))
                .isTrue();
        assertThat(StoreOutages.isOutage(new JpaSystemException(new RuntimeException(
                new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE))))).isTrue();
        assertThat(StoreOutages.isOutage(new IllegalStateException("append failed",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(StoreOutages.isOutage(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(StoreOutages.isOutage(new SQLException("too many clients already", "53300"))).isTrue();
        assertThat(StoreOutages.isOutage(new SQLException("canceling statement due to statement timeout", "57014")))
                .isTrue();
        assertThat(StoreOutages.isOutage(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool - Connection is not available, request timed out"))))
                .isTrue();
        assertThat(StoreOutages.isOutage(new IllegalStateException("Failed to create a SQL statement",
                new SQLException("Connection is closed")))).as("the pool evicted it as broken").isTrue();
    }

    @Test
    void aBugOrARefusalIsNoOutage() {
        assertThat(StoreOutages.isOutage(new IllegalStateException("a bug"))).isFalse();
        assertThat(StoreOutages.isOutage(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(StoreOutages.isOutage(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(StoreOutages.isOutage(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(StoreOutages.isOutage(new SQLException("no state"))).isFalse();
    }
}
