package io.telemetra.query.series;

import io.telemetra.api.query.ReadingPoint;
import io.telemetra.api.query.ReadingWindow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Reads the raw series and its windows, by event time, in time order. */
@Repository
class ReadingSeriesReadModel {

    static final String RAW = """
            select reading_timestamp, value from reading
            where device_id = ? and metric = ? and reading_timestamp >= ? and reading_timestamp < ?
            order by reading_timestamp, reading_id
            limit ?""";

    private static final String WINDOWS = """
            select window_start, count, min, max, sum from %s
            where device_id = ? and metric = ? and window_start >= ? and window_start < ?
            order by window_start""";

    private final JdbcTemplate jdbc;

    ReadingSeriesReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean deviceExists(String deviceId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists(select 1 from device where device_id = ?)",
                Boolean.class, deviceId));
    }

    /** At most {@code limit} raw points: the caller asks for one more than it serves to tell a full range apart. */
    List<ReadingPoint> raw(SeriesQuery query, int limit) {
        return jdbc.query(RAW, (rs, i) -> new ReadingPoint(
                        rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getDouble(2)),
                query.deviceId(), query.metric(), utc(query.from()), utc(query.to()), limit);
    }

    List<ReadingWindow> windows(SeriesQuery query) {
        // The table name comes from the Resolution enum, never from the request.
        return jdbc.query(WINDOWS.formatted(query.resolution().table()), (rs, i) -> {
            long count = rs.getLong(2);
            return new ReadingWindow(rs.getObject(1, OffsetDateTime.class).toInstant(), count, rs.getDouble(3),
                    rs.getDouble(4), rs.getDouble(5) / count);
        }, query.deviceId(), query.metric(), utc(query.from()), utc(query.to()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
