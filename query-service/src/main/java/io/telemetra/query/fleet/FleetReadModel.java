package io.telemetra.query.fleet;

import io.telemetra.api.device.DeviceStatus;
import io.telemetra.api.query.FleetSummary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

/** Fleet-wide counters computed from the read-model tables at request time. */
@Repository
class FleetReadModel {

    private static final String DEVICES_BY_STATUS = """
            select status, count(*) as devices
            from device
            group by status""";

    // Through the state index: only the unresolved alerts are read, however many resolved ones pile up.
    private static final String ALERTS = """
            select count(*) as open, count(*) filter (where escalated_at is not null) as escalated
            from alert
            where state in ('OPEN', 'ACKNOWLEDGED', 'ESCALATED')""";

    // By event time, through the raw series' timestamp index; a reading stamped in the future is not counted.
    private static final String READINGS_BETWEEN = """
            select count(*) from reading where reading_timestamp >= ? and reading_timestamp < ?""";

    private final JdbcTemplate jdbc;

    FleetReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public FleetSummary summary(Instant now) {
        Map<DeviceStatus, Long> byStatus = new EnumMap<>(DeviceStatus.class);
        for (DeviceStatus status : DeviceStatus.values()) {
            byStatus.put(status, 0L);
        }
        jdbc.query(DEVICES_BY_STATUS, rs -> {
            byStatus.put(DeviceStatus.valueOf(rs.getString("status")), rs.getLong("devices"));
        });
        long[] alerts = jdbc.queryForObject(ALERTS, (rs, i) -> new long[] {rs.getLong("open"), rs.getLong("escalated")});
        Long readings = jdbc.queryForObject(READINGS_BETWEEN, Long.class,
                OffsetDateTime.ofInstant(now.minus(Duration.ofMinutes(1)), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        long devices = byStatus.values().stream().mapToLong(Long::longValue).sum();
        return new FleetSummary(devices, byStatus, alerts[0], alerts[1], readings == null ? 0 : readings, now);
    }
}
