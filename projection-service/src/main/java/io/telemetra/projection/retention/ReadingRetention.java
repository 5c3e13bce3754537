package io.telemetra.projection.retention;

import io.telemetra.projection.config.TelemetraProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes raw readings older than {@code telemetra.projection.raw-retention} and 1-minute windows whose minute ended
 * more than {@code minute-window-retention} ago, by event time; 1-hour windows are kept. Deletes in chunks, each its
 * own short transaction, so the purge never holds locks the projection waits for. Every instance may run it: deleting
 * what is already gone is harmless. A reading that arrives later than its retention is stored, and purged by the next
 * run, as a rebuild's purge does.
 */
@Component
public class ReadingRetention {

    private static final Logger log = LoggerFactory.getLogger(ReadingRetention.class);
    private static final int CHUNK = 10_000;

    private static final String DELETE_RAW_CHUNK = """
            delete from reading
            where ctid = any(array(select ctid from reading where reading_timestamp < ? limit ?))""";

    private static final String DELETE_MINUTE_CHUNK = """
            delete from reading_window_1m
            where ctid = any(array(select ctid from reading_window_1m where window_start <= ? limit ?))""";

    private final JdbcTemplate jdbc;
    private final Duration rawRetention;
    private final Duration minuteWindowRetention;

    ReadingRetention(JdbcTemplate jdbc, TelemetraProperties properties) {
        this.jdbc = jdbc;
        this.rawRetention = properties.projection().rawRetention();
        this.minuteWindowRetention = properties.projection().minuteWindowRetention();
    }

    /** What one purge deleted. */
    public record Purged(long rawReadings, long minuteWindows) {
    }

    @Scheduled(initialDelayString = "${telemetra.projection.purge-interval:1h}",
            fixedDelayString = "${telemetra.projection.purge-interval:1h}")
    void scheduledPurge() {
        purge();
    }

    public Purged purge() {
        return purge(Instant.now());
    }

    /** Purges what is past its retention as of {@code now}. */
    public Purged purge(Instant now) {
        Instant rawCutoff = now.minus(rawRetention);
        // A window is past its retention once its whole minute is: it starts a minute before its end at the latest.
        Instant minuteCutoff = now.minus(minuteWindowRetention).minus(Duration.ofMinutes(1));
        Purged purged = new Purged(deleteInChunks(DELETE_RAW_CHUNK, rawCutoff),
                deleteInChunks(DELETE_MINUTE_CHUNK, minuteCutoff));
        if (purged.rawReadings() > 0 || purged.minuteWindows() > 0) {
            log.info("Purged {} raw readings older than {} and {} 1-minute windows starting at or before {}",
                    purged.rawReadings(), rawCutoff, purged.minuteWindows(), minuteCutoff);
        }
        return purged;
    }

    private long deleteInChunks(String sql, Instant cutoff) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, before, CHUNK);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
