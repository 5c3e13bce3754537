package io.telemetra.command.eventstore;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * An exclusive lock on one day partition of reading events, held on a connection of its own until closed: a read that
 * so much as plans a scan of that day waits for it, and {@link #read} gives up after a second ("lock timeout").
 */
public final class DayPartitionLock implements AutoCloseable {

    private final Connection locker;

    private DayPartitionLock(Connection locker) {
        this.locker = locker;
    }

    /** Creates the day's partition if need be, then locks it. */
    public static DayPartitionLock hold(DataSource dataSource, JdbcTemplate jdbc, LocalDate day) throws SQLException {
        jdbc.queryForObject("select ensure_reading_event_partitions(?, ?)", Integer.class, day, day);
        Connection locker = dataSource.getConnection();
        try (Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("lock table domain_event_entry_r" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + " in access exclusive mode");
            return new DayPartitionLock(locker);
        } catch (SQLException | RuntimeException e) {
            locker.close();
            throw e;
        }
    }

    /** Runs the read in a transaction of its own that waits a second at most for a lock. */
    public static <T> T read(TransactionTemplate transactions, JdbcTemplate jdbc, Supplier<T> read) {
        return transactions.execute(status -> {
            jdbc.execute("set local lock_timeout = '1s'");
            return read.get();
        });
    }

    @Override
    public void close() throws SQLException {
        try (locker) {
            locker.rollback();
        }
    }
}
