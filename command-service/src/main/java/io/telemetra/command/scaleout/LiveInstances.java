package io.telemetra.command.scaleout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many command-service instances run now, as PostgreSQL sees them: each instance names its connections
 * {@code command-service <pid>@<host>} ({@code application_name}), and the distinct names among the database's
 * connections are the instances alive. An instance killed with SIGKILL loses its connections at once (the server sees
 * them closed), so it stops counting at once; one cut off by the network counts until TCP gives up on it. Behind a
 * connection pooler that rewrites application names the count is one, so each instance claims all it can (correct,
 * unbalanced).
 */
final class LiveInstances {

    private static final Logger log = LoggerFactory.getLogger(LiveInstances.class);
    /** Asked by every processor's coordinator at each claim round: one query serves them all for this long. */
    private static final Duration CACHED_FOR = Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final String applicationPrefix;
    private final Clock clock;
    private Instant countedAt = Instant.MIN;
    private int count = 1;

    LiveInstances(JdbcTemplate jdbc, String applicationPrefix, Clock clock) {
        this.jdbc = jdbc;
        this.applicationPrefix = applicationPrefix;
        this.clock = clock;
    }

    /** At least one: this instance. */
    synchronized int count() {
        Instant now = clock.instant();
        if (now.isBefore(countedAt.plus(CACHED_FOR))) {
            return count;
        }
        try {
            Integer counted = jdbc.queryForObject("""
                    select count(distinct application_name) from pg_stat_activity
                    where datname = current_database() and starts_with(application_name, ?)""", Integer.class,
                    applicationPrefix);
            count = Math.max(1, counted == null ? 1 : counted);
        } catch (RuntimeException e) {
            // Without a count this instance claims what it can: the work is done, if not shared.
            log.debug("Could not count the instances connected to PostgreSQL: {}", e.toString());
            count = 1;
        }
        countedAt = now;
        return count;
    }
}
