package io.telemetra.query.support;

import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes read-model rows the way projection-service does, as the read models' owner (the service under test may only
 * read them), for query tests that do not need Kafka in between.
 */
@TestComponent
public class ReadModelRows {

    private final JdbcTemplate jdbc;

    ReadModelRows(@FlywayDataSource DataSource owner) {
        this.jdbc = new JdbcTemplate(owner);
    }

    /** Any other row a test needs, written as the owner. */
    public void update(String sql, Object... arguments) {
        jdbc.update(sql, arguments);
    }

    public void device(String deviceId, String type, String name, String site, String status, Instant registeredAt,
                       Instant lastSeen) {
        jdbc.update("""
                        insert into device (device_id, type, name, site, status, registered_at, last_seen,
                                            last_sequence)
                        values (?, ?, ?, ?, ?, ?, ?, 0)""",
                deviceId, type, name, site, status, utc(registeredAt), utc(lastSeen));
    }

    /** @param rulesJson the rule list as DeviceRulesConfigured carries it */
    public void rules(String deviceId, String rulesJson, Integer reportingIntervalSeconds) {
        jdbc.update("update device set rules = cast(? as jsonb), reporting_interval_seconds = ? where device_id = ?",
                rulesJson, reportingIntervalSeconds, deviceId);
    }

    public void latest(String deviceId, String metric, double value, String unit, Instant timestamp) {
        jdbc.update("""
                        insert into device_latest_reading (device_id, metric, value, unit, reading_timestamp,
                                                           reading_id, sequence_number)
                        values (?, ?, ?, ?, ?, ?, 1)""",
                deviceId, metric, value, unit, utc(timestamp), UUID.randomUUID().toString());
    }

    /**
     * Marks an hour pending in a slot, as the projection does for the hours of the readings it counts in 1-minute
     * windows.
     */
    public void pendingHour(Instant hour, int slot) {
        jdbc.update("insert into reading_window_1h_pending (window_start, slot, marked) values (?, ?, txid_current())",
                utc(hour), slot);
    }

    public void raw(String deviceId, String metric, double value, Instant timestamp) {
        jdbc.update("""
                        insert into reading (device_id, reading_id, metric, reading_timestamp, value, unit,
                                             sequence_number)
                        values (?, ?, ?, ?, ?, 'Cel', 1)""",
                deviceId, UUID.randomUUID().toString(), metric, utc(timestamp), value);
    }

    /** {@code count} readings of one metric, a second apart from {@code start}, valued 0, 1, 2... */
    public void rawSeries(String deviceId, String metric, Instant start, int count) {
        jdbc.update("""
                        insert into reading (device_id, reading_id, metric, reading_timestamp, value, unit,
                                             sequence_number)
                        select ?, 'r-' || i, ?, ? + i * interval '1 second', i, 'Cel', i
                        from generate_series(0, ? - 1) as i""",
                deviceId, metric, utc(start), count);
    }

    public void window(String table, String deviceId, String metric, Instant start, long count, double min,
                       double max, double sum) {
        jdbc.update("insert into " + table + " (device_id, metric, window_start, count, min, max, sum)"
                + " values (?, ?, ?, ?, ?, ?, ?)", deviceId, metric, utc(start), count, min, max, sum);
    }

    /** An alert as projection-service writes it; acknowledged or escalated when the instant is given. */
    public void alert(String deviceId, String alertId, String metric, String severity, String state, Instant raisedAt,
                      Instant escalatedAt, long sequence) {
        jdbc.update("""
                        insert into alert (device_id, alert_id, metric, kind, severity, state, value, detail, raised_at,
                                           escalated_at, escalation_reason, updated_at, sequence_number)
                        values (?, ?, ?, 'THRESHOLD_HIGH', ?, ?, 92.5, ?, ?, ?, ?, ?, ?)""",
                deviceId, alertId, metric, severity, state, metric + " 92.5 above max 80.0", utc(raisedAt),
                utc(escalatedAt), escalatedAt == null ? null : "no answer",
                utc(escalatedAt == null ? raisedAt : escalatedAt), sequence);
        // The device's count of unresolved alerts, kept by projection-service along with the alert rows.
        jdbc.update("""
                update device set open_alerts = (select count(*) from alert a
                                                 where a.device_id = device.device_id and a.state <> 'RESOLVED')
                where device_id = ?""", deviceId);
    }

    public void command(String deviceId, String commandId, String type, String status, Instant issuedAt,
                        long sequence) {
        jdbc.update("""
                        insert into device_command (device_id, command_id, type, parameters, status, issued_by,
                                                    issued_at, attempts, sequence_number)
                        values (?, ?, ?, '{"percent": 50}', ?, 'op-1', ?, 1, ?)""",
                deviceId, commandId, type, status, utc(issuedAt), sequence);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
