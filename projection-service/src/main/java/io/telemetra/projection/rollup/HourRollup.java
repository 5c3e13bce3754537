package io.telemetra.projection.rollup;

import io.telemetra.projection.config.TelemetraProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The 1-hour windows, rolled up from the 1-minute windows (V8__hour_windows_rolled_up_from_minutes.sql): the projection
 * marks the hours of the readings it counts in 1-minute windows as pending, and the rollup recomputes each pending
 * hour's 1-hour windows from its 1-minute windows, replacing them, and removes the marks it saw, in one statement and so
 * one snapshot: a mark commits with the minutes it stands for, so the marks the rollup removes are those of minutes it
 * counted. A mark set again meanwhile (its transaction id changed) or being set (its row locked: skipped, never waited
 * for) stays for the next round. Queries read {@code reading_window_1h_exact}, which answers a pending hour from its
 * 1-minute windows, so a rollup's lag or failure never shows in an answer.
 * <p>
 * An hour rolled up again (a late reading marked it) rewrites only the 1-hour windows whose figures changed, those of
 * the late readings' devices and metrics: the others are compared, not written, so a late reading of one device costs
 * reading its hour's 1-minute windows, not rewriting every device's 1-hour windows.
 * <p>
 * Rollups of one schema take turns (an advisory lock; an instance that finds another rolling up skips the round), so
 * that an older snapshot's windows never replace a newer one's. The current hour is rolled up once it has been over for
 * {@code hour-rollup-grace}, not on every round while readings still fill it; a late reading marks its hour again.
 * <p>
 * The horizon: readings before it go to their 1-hour windows directly, as their 1-minute windows are past their
 * retention. {@link #raiseHorizon} moves it forward while it holds the horizon lock exclusively, after rolling up the
 * hours it passes; every transaction that writes readings holds it shared ({@link #HOLD_HORIZON}) before it reads the
 * horizon. So no reading of an hour goes to its 1-minute windows once the hour is behind the horizon, and no reading is
 * added to an hour's 1-hour windows directly while the hour can still be rolled up: the 1-minute windows the purge then
 * deletes are never needed again.
 */
@Component
public class HourRollup {

    /**
     * Run by every transaction that writes readings, in a statement of its own before the one that reads the horizon
     * (whose snapshot then sees the horizon as the last {@link #raiseHorizon} left it).
     */
    public static final String HOLD_HORIZON =
            "select pg_advisory_xact_lock_shared(hashtext(current_schema() || '.reading_window_1m_horizon'))";
    private static final String TAKE_HORIZON =
            "select pg_advisory_xact_lock(hashtext(current_schema() || '.reading_window_1m_horizon'))";
    private static final String TRY_ROLLUP_TURN =
            "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.reading_window_1h_rollup'))";
    private static final String TAKE_ROLLUP_TURN =
            "select pg_advisory_xact_lock(hashtext(current_schema() || '.reading_window_1h_rollup'))";
    /** Hours rolled up per transaction: a round after an outage or a rebuild is many short transactions. */
    private static final int HOURS_PER_TRANSACTION = 12;
    /** How long raising the horizon waits for the projection's transactions in flight before it tries next time. */
    private static final Duration HORIZON_LOCK_TIMEOUT = Duration.ofSeconds(5);

    // Windows are aligned on UTC whatever the session time zone; sums stay exact decimals.
    private static final String ROLL_UP = """
            with hours as (
                select distinct window_start from reading_window_1h_pending
                where window_start > ?::timestamptz and window_start < ?::timestamptz
                order by window_start
                limit ?
            ), seen as (
                select p.window_start, p.slot, p.marked
                from reading_window_1h_pending p join hours h using (window_start)
            ), recomputed as (
                select m.device_id, m.metric, h.window_start, sum(m.count) as count, min(m.min) as min,
                       max(m.max) as max, sum(m.sum) as sum
                from hours h
                join reading_window_1m m
                  on m.window_start >= h.window_start and m.window_start < h.window_start + interval '1 hour'
                group by m.device_id, m.metric, h.window_start
            ), rolled as (
                insert into reading_window_1h as w (device_id, metric, window_start, count, min, max, sum)
                select r.device_id, r.metric, r.window_start, r.count, r.min, r.max, r.sum
                from recomputed r
                left join reading_window_1h o
                  on o.device_id = r.device_id and o.metric = r.metric and o.window_start = r.window_start
                where (o.count, o.min, o.max, o.sum) is distinct from (r.count, r.min, r.max, r.sum)
                on conflict (device_id, metric, window_start) do update
                set count = excluded.count, min = excluded.min, max = excluded.max, sum = excluded.sum
            ), removed as (
                delete from reading_window_1h_pending
                where ctid = any(array(
                    select p.ctid from reading_window_1h_pending p
                    join seen s on s.window_start = p.window_start and s.slot = p.slot and s.marked = p.marked
                    for update of p skip locked))
            )
            select count(*), max(window_start)::text from hours""";

    private static final String MOVE_HORIZON = """
            update reading_window_1m_horizon set hour = greatest(hour, ?::timestamptz)""";

    private static final Logger log = LoggerFactory.getLogger(HourRollup.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration grace;

    HourRollup(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, TelemetraProperties properties) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.grace = properties.projection().hourRollupGrace();
    }

    @Scheduled(initialDelayString = "${telemetra.projection.hour-rollup-interval:30s}",
            fixedDelayString = "${telemetra.projection.hour-rollup-interval:30s}")
    void scheduledRollUp() {
        try {
            rollUp(Instant.now());
        } catch (DataAccessException | TransactionException e) {
            log.warn("Rolling up 1-hour windows failed ({}); queries answer their hours from 1-minute windows until"
                    + " the next round", e.getMostSpecificCause().getMessage());
        }
    }

    /**
     * Rolls up the pending hours over for the grace as of {@code now}, in the schema of the caller's search path.
     *
     * @return the hours rolled up, or 0 when another instance is rolling up
     */
    public int rollUp(Instant now) {
        return rollUpBefore(now.minus(grace).minus(Duration.ofHours(1)).toString());
    }

    /** Rolls up every pending hour, the current one included: where the schedule gets to once the grace is over. */
    public int rollUpAll() {
        return rollUpBefore("infinity");
    }

    /** One pass over the hours pending before {@code before}, in order, a batch per transaction. */
    private int rollUpBefore(String before) {
        int total = 0;
        Batch batch = new Batch(0, "-infinity");
        do {
            String after = batch.last();
            batch = transaction.execute(status ->
                    Boolean.TRUE.equals(jdbc.queryForObject(TRY_ROLLUP_TURN, Boolean.class))
                            ? rollUpBatch(jdbc, after, before) : new Batch(0, after));
            total += batch.hours();
        } while (batch.hours() == HOURS_PER_TRANSACTION);
        return total;
    }

    /** @param last the latest hour rolled up, the next batch's start (exclusive) */
    private record Batch(int hours, String last) {
    }

    private static Batch rollUpBatch(JdbcTemplate jdbc, String after, String before) {
        return jdbc.queryForObject(ROLL_UP, (rs, i) -> new Batch(rs.getInt(1), rs.getString(2)), after, before,
                HOURS_PER_TRANSACTION);
    }

    /**
     * Moves the horizon forward to {@code hour} (whole UTC hours), in the schema of the caller's search path; never
     * back. The pending hours before it are rolled up first without the horizon lock, then, holding it, whatever was
     * marked meanwhile, so that the projection waits only for that.
     *
     * @return whether the horizon is at {@code hour} or later now; false when the projection's transactions in flight
     * kept the lock longer than this waits (the next purge tries again)
     */
    public boolean raiseHorizon(Instant hour) {
        String to = hour.truncatedTo(ChronoUnit.HOURS).toString();
        rollUpBefore(to);
        try {
            transaction.executeWithoutResult(status -> {
                jdbc.execute("set local lock_timeout = " + HORIZON_LOCK_TIMEOUT.toMillis());
                raiseHorizon(jdbc, to);
            });
            return true;
        } catch (DataAccessException e) {
            log.warn("Could not move the 1-minute windows' horizon to {} now ({}); the next purge tries again", to,
                    e.getMostSpecificCause().getMessage());
            return false;
        }
    }

    /**
     * Moves the horizon of the schema of {@code jdbc}'s search path forward to {@code hour} (a timestamptz literal,
     * {@code -infinity} included) in the caller's transaction, after rolling up the hours it passes.
     */
    public static void raiseHorizon(JdbcTemplate jdbc, String hour) {
        jdbc.execute(TAKE_ROLLUP_TURN);
        jdbc.execute(TAKE_HORIZON);
        Batch batch = new Batch(0, "-infinity");
        do {
            batch = rollUpBatch(jdbc, batch.last(), hour);
        } while (batch.hours() == HOURS_PER_TRANSACTION);
        jdbc.update(MOVE_HORIZON, hour);
    }
}
