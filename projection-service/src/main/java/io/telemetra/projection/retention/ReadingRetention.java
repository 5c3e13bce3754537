package io.telemetra.projection.retention;

import io.telemetra.projection.config.TelemetraProperties;
import io.telemetra.projection.rollup.HourRollup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The retention of the reading read models, each by event time: raw readings for {@code raw-retention}, 1-minute windows
 * for {@code minute-window-retention}, 1-hour windows for {@code hour-window-retention} (a 1-minute window goes once the
 * whole hour it is part of is past, a 1-hour window once its hour is).
 * <p>
 * Raw readings live in day partitions (V7__partitioned_raw_readings.sql): the purge drops the days past the retention
 * and makes sure the days from the retention's start to a few days ahead exist. Readings older than the retention are
 * not stored raw at all ({@link #rawCutoff}), only counted in their windows, so nothing lands in a dropped day; the few
 * that reach the default partition (a day not created yet) are deleted there. 1-minute windows are deleted only behind
 * the horizon {@link HourRollup#raiseHorizon} moves to the retention's first hour, once the hours it passes are rolled up
 * into their 1-hour windows, which readings of those hours then go to directly. Windows are deleted in chunks, each its
 * own short transaction, so the purge never holds locks the projection waits for. Every instance may run it: dropping
 * or deleting what is already gone is harmless.
 */
@Component
public class ReadingRetention implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ReadingRetention.class);
    private static final int CHUNK = 10_000;
    /** Days ahead kept ready: the purge may miss a day or two (every instance down) without readings going astray. */
    private static final int DAYS_AHEAD = 3;
    private static final String PARTITION_PREFIX = "reading_p";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** How long dropping a day waits for the projection's writes before it is left for the next purge. */
    private static final Duration DROP_LOCK_TIMEOUT = Duration.ofSeconds(5);

    private static final String DELETE_DEFAULT_CHUNK = """
            delete from reading_default
            where ctid = any(array(select ctid from reading_default where reading_timestamp < ? limit ?))""";

    private static final String DELETE_MINUTE_CHUNK = """
            delete from reading_window_1m
            where ctid = any(array(select ctid from reading_window_1m
                                   where window_start < (select hour from reading_window_1m_horizon) limit ?))""";

    private static final String DELETE_HOUR_CHUNK = """
            delete from reading_window_1h
            where ctid = any(array(select ctid from reading_window_1h where window_start <= ? limit ?))""";

    private static final String DELETE_PENDING_CHUNK = """
            delete from reading_window_1h_pending
            where ctid = any(array(select ctid from reading_window_1h_pending where window_start <= ? limit ?))""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final HourRollup hours;
    private final Duration rawRetention;
    private final Duration minuteWindowRetention;
    private final Duration hourWindowRetention;

    ReadingRetention(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, HourRollup hours,
                     TelemetraProperties properties) {
        this.jdbc = jdbc;
        this.hours = hours;
        this.transaction = new TransactionTemplate(transactionManager);
        this.rawRetention = properties.projection().rawRetention();
        this.minuteWindowRetention = properties.projection().minuteWindowRetention();
        this.hourWindowRetention = properties.projection().hourWindowRetention();
    }

    /**
     * What one purge did.
     *
     * @param rawDays     day partitions of raw readings dropped
     * @param rawReadings raw readings deleted from the default partition
     */
    public record Purged(int rawDays, long rawReadings, long minuteWindows, long hourWindows) {
    }

    /** The first hour whose 1-minute windows are kept as of {@code now}: the horizon the purge moves to. */
    public Instant minuteHorizon(Instant now) {
        return now.minus(minuteWindowRetention).truncatedTo(ChronoUnit.HOURS);
    }

    /** Raw readings with an event time before this are past their retention: neither stored nor kept. */
    public Instant rawCutoff(Instant now) {
        return now.minus(rawRetention);
    }

    /** The days a live projection writes raw readings into exist before it starts. */
    @Override
    public void afterSingletonsInstantiated() {
        ensureDays(Instant.now());
    }

    @Scheduled(initialDelayString = "${telemetra.projection.purge-interval:1h}",
            fixedDelayString = "${telemetra.projection.purge-interval:1h}")
    void scheduledPurge() {
        purge();
    }

    public Purged purge() {
        return purge(Instant.now());
    }

    /** Purges what is past its retention as of {@code now}, in the schema of the caller's search path. */
    public Purged purge(Instant now) {
        ensureDays(now);
        Instant rawCutoff = rawCutoff(now);
        Instant minuteHorizon = minuteHorizon(now);
        hours.raiseHorizon(minuteHorizon);
        // A 1-hour window is past its retention once its whole hour is: it starts an hour before its end.
        Instant hourCutoff = now.minus(hourWindowRetention).minus(Duration.ofHours(1));
        Purged purged = new Purged(dropDaysBefore(LocalDate.ofInstant(rawCutoff, ZoneOffset.UTC)),
                deleteInChunks(DELETE_DEFAULT_CHUNK, rawCutoff), deleteInChunks(DELETE_MINUTE_CHUNK, null),
                deleteInChunks(DELETE_HOUR_CHUNK, hourCutoff));
        deleteInChunks(DELETE_PENDING_CHUNK, hourCutoff);
        if (purged.rawDays() > 0 || purged.rawReadings() > 0 || purged.minuteWindows() > 0
                || purged.hourWindows() > 0) {
            log.info("Purged {} day(s) of raw readings and {} more raw readings older than {}, {} 1-minute windows"
                            + " before the horizon (at most {}) and {} 1-hour windows starting at or before {}",
                    purged.rawDays(), purged.rawReadings(), rawCutoff, purged.minuteWindows(), minuteHorizon,
                    purged.hourWindows(), hourCutoff);
        }
        return purged;
    }

    /** Creates the days of raw readings from the retention's start to a few days ahead of {@code now}. */
    public void ensureDays(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        jdbc.queryForObject("select ensure_reading_partitions(?, ?)", Integer.class,
                LocalDate.ofInstant(rawCutoff(now), ZoneOffset.UTC), today.plusDays(DAYS_AHEAD));
    }

    /** Drops the day partitions wholly before {@code firstKept}; one the projection keeps busy is left for next time. */
    private int dropDaysBefore(LocalDate firstKept) {
        List<String> days = jdbc.queryForList("""
                select c.relname from pg_inherits i
                join pg_class c on c.oid = i.inhrelid
                join pg_class p on p.oid = i.inhparent
                join pg_namespace n on n.oid = p.relnamespace
                where p.relname = 'reading' and n.nspname = current_schema() and c.relname like 'reading\\_p%'
                order by c.relname""", String.class);
        int dropped = 0;
        for (String day : days) {
            if (!day.matches(PARTITION_PREFIX + "\\d{8}")
                    || !LocalDate.parse(day.substring(PARTITION_PREFIX.length()), DAY).isBefore(firstKept)) {
                continue;
            }
            try {
                transaction.executeWithoutResult(status -> {
                    jdbc.execute("set local lock_timeout = " + DROP_LOCK_TIMEOUT.toMillis());
                    jdbc.execute("drop table \"" + day + "\"");
                });
                dropped++;
            } catch (DataAccessException e) {
                log.warn("Could not drop {} of the raw readings now ({}); the next purge tries again", day,
                        e.getMostSpecificCause().getMessage());
            }
        }
        return dropped;
    }

    /** @param cutoff the statement's first parameter, or null when it has only the chunk size */
    private long deleteInChunks(String sql, Instant cutoff) {
        Object[] arguments = cutoff == null ? new Object[] {CHUNK}
                : new Object[] {OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC), CHUNK};
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, arguments);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
