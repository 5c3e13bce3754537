package io.telemetra.projection.rows;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a table of {@link RowKey keyed} rows with one query and one upsert batch per poll. The subclass owns
 * the SQL and the columns.
 *
 * @param <R> the row
 */
public abstract class KeyedRowWriter<R> {

    private final JdbcTemplate jdbc;
    private final String find;
    private final String upsert;

    /**
     * @param find   selects the rows whose (device, id) pair is in the zip of two text arrays: the device ids, the ids
     * @param upsert writes one row, from the parameters {@link #bind} sets
     */
    protected KeyedRowWriter(JdbcTemplate jdbc, String find, String upsert) {
        this.jdbc = jdbc;
        this.find = find;
        this.upsert = upsert;
    }

    protected abstract R row(ResultSet rs) throws SQLException;

    protected abstract RowKey key(R row);

    protected abstract void bind(PreparedStatement ps, R row) throws SQLException;

    public Map<RowKey, R> find(Collection<RowKey> keys) {
        String[] deviceIds = keys.stream().map(RowKey::deviceId).toArray(String[]::new);
        String[] ids = keys.stream().map(RowKey::id).toArray(String[]::new);
        Map<RowKey, R> rows = new HashMap<>();
        jdbc.query(find, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds));
            ps.setArray(2, ps.getConnection().createArrayOf("text", ids));
        }, rs -> {
            R row = row(rs);
            rows.put(key(row), row);
        });
        return rows;
    }

    public void upsert(List<R> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(upsert, rows, rows.size(), this::bind);
    }
}
