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
 * Deletes raw readings older than {@code telemetra.projection.raw-retention} by event time; the 1-minute and 1-hour
 * windows keep their aggregates. Deletes in chunks, each its own short transaction, so the purge never holds locks
 * the projection waits for. Every instance may run it: deleting what is already gone is harmless.
 */
@Component
public class RawReadingRetention {

    private static final Logger log = LoggerFactory.getLogger(RawReadingRetention.class);
    private static final int CHUNK = 10_000;

    private static final String DELETE_CHUNK = """
            delete from reading
            where ctid = any(array(select ctid from reading where reading_timestamp < ? limit ?))""";

    private final JdbcTemplate jdbc;
    private final Duration retention;

    RawReadingRetention(JdbcTemplate jdbc, TelemetraProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.projection().rawRetention();
    }

    @Scheduled(initialDelayString = "${telemetra.projection.purge-interval:1h}",
            fixedDelayString = "${telemetra.projection.purge-interval:1h}")
    void scheduledPurge() {
        purge();
    }

    /** Returns how many raw readings were deleted. */
    public long purge() {
        Instant cutoff = Instant.now().minus(retention);
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(DELETE_CHUNK, before, CHUNK);
            total += deleted;
        } while (deleted == CHUNK);
        if (total > 0) {
            log.info("Purged {} raw readings older than {}", total, cutoff);
        }
        return total;
    }
}
