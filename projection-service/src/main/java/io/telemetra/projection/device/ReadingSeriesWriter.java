package io.telemetra.projection.device;

import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.projection.retention.ReadingRetention;
import io.telemetra.projection.rollup.HourRollup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The raw series and its 1-minute windows, by event time, in one statement per poll, which also marks the hours of
 * those windows pending for {@link HourRollup}. Windows are fed only by the readings the raw insert actually stored, so
 * a reading whose id is already there (a duplicate that got past the sequence guard) is counted nowhere twice; a late
 * reading lands in the window its timestamp falls in and marks its hour again. A reading older than the raw retention
 * is not stored raw (its day is dropped or about to be) and goes to its windows directly; one before the 1-minute
 * windows' horizon goes to its 1-hour window directly. Sums are exact decimals, so they do not depend on how readings
 * were grouped into polls.
 */
@Repository
class ReadingSeriesWriter {

    // Windows are aligned on UTC whatever the session time zone (some zones are offset by half or quarter hours).
    private static final String INSERT_READINGS = """
            with input as (
                select * from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::float8[], ?::text[],
                                     ?::int8[]) as r(device_id, reading_id, metric, reading_timestamp, value, unit,
                                                     sequence_number)
            ), stored as (
                insert into reading (device_id, reading_id, metric, reading_timestamp, value, unit, sequence_number)
                select * from input where reading_timestamp >= ?::timestamptz
                on conflict (device_id, metric, reading_timestamp, reading_id) do nothing
                returning device_id, metric, reading_timestamp, value
            ), counted as (
                select device_id, metric, reading_timestamp, value from stored
                union all
                select device_id, metric, reading_timestamp, value from input where reading_timestamp < ?::timestamptz
            ), horizon as (
                select hour from reading_window_1m_horizon
            ), minutes as (
                insert into reading_window_1m as w (device_id, metric, window_start, count, min, max, sum)
                select device_id, metric, date_trunc('minute', reading_timestamp, 'UTC'), count(*), min(value),
                       max(value), sum(value::numeric)
                from counted
                where reading_timestamp >= (select hour from horizon)
                group by 1, 2, 3
                on conflict (device_id, metric, window_start) do update
                set count = w.count + excluded.count,
                    min = least(w.min, excluded.min),
                    max = greatest(w.max, excluded.max),
                    sum = w.sum + excluded.sum
            ), marks as (
                insert into reading_window_1h_pending as p (window_start, slot, marked)
                select distinct date_trunc('hour', reading_timestamp, 'UTC'), txid_current() % 16, txid_current()
                from counted
                where reading_timestamp >= (select hour from horizon)
                order by 1
                on conflict (window_start, slot) do update set marked = excluded.marked
            )
            insert into reading_window_1h as w (device_id, metric, window_start, count, min, max, sum)
            select device_id, metric, date_trunc('hour', reading_timestamp, 'UTC'), count(*), min(value), max(value),
                   sum(value::numeric)
            from counted
            where reading_timestamp < (select hour from horizon)
            group by 1, 2, 3
            on conflict (device_id, metric, window_start) do update
            set count = w.count + excluded.count,
                min = least(w.min, excluded.min),
                max = greatest(w.max, excluded.max),
                sum = w.sum + excluded.sum""";

    private final JdbcTemplate jdbc;
    private final ReadingRetention retention;

    ReadingSeriesWriter(JdbcTemplate jdbc, ReadingRetention retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    void insert(List<DeviceBatchPlan.AppliedReading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        int n = readings.size();
        String[] deviceIds = new String[n];
        String[] readingIds = new String[n];
        String[] metrics = new String[n];
        String[] timestamps = new String[n];
        Double[] values = new Double[n];
        String[] units = new String[n];
        Long[] sequences = new Long[n];
        for (int i = 0; i < n; i++) {
            ReadingRecordedEvent reading = readings.get(i).reading();
            deviceIds[i] = reading.deviceId();
            readingIds[i] = reading.readingId();
            metrics[i] = reading.metric();
            // PostgreSQL keeps microseconds and would round, possibly into the next window: truncate as Java sees it.
            timestamps[i] = reading.timestamp().truncatedTo(ChronoUnit.MICROS).toString();
            values[i] = reading.value();
            units[i] = reading.unit();
            sequences[i] = readings.get(i).sequenceNumber();
        }
        String rawCutoff = retention.rawCutoff(Instant.now()).toString();
        jdbc.execute(HourRollup.HOLD_HORIZON);
        jdbc.update(INSERT_READINGS, ps -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("text", deviceIds));
            ps.setArray(2, connection.createArrayOf("text", readingIds));
            ps.setArray(3, connection.createArrayOf("text", metrics));
            ps.setArray(4, connection.createArrayOf("text", timestamps));
            ps.setArray(5, connection.createArrayOf("float8", values));
            ps.setArray(6, connection.createArrayOf("text", units));
            ps.setArray(7, connection.createArrayOf("int8", sequences));
            ps.setString(8, rawCutoff);
            ps.setString(9, rawCutoff);
        });
    }
}
