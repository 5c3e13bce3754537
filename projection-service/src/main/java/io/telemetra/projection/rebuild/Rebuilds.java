package io.telemetra.projection.rebuild;

import io.telemetra.api.admin.RebuildProgress;
import io.telemetra.api.kafka.Topics;
import io.telemetra.jobs.AdminJobs;
import io.telemetra.jobs.JobAlreadyRunningException;
import io.telemetra.jobs.JobStore;
import io.telemetra.projection.config.TelemetraProperties;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.stereotype.Service;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Rebuilds every read model from the full history of {@link Topics#DEVICE_EVENTS} while queries keep reading the live
 * tables, then switches over at once, so that no query ever sees a half-built model:
 * <ol>
 *   <li>PREPARING: an empty copy of the read-model schema, migrated by Flyway next to the live one, without its
 *       secondary indexes (built once the replay is done, in bulk, rather than row by row), with the days of raw
 *       readings within their retention and the 1-minute windows' horizon at the retention's start;</li>
 *   <li>REPLAYING: the topic from its beginning to its end as of the start, applied to the copy by the live
 *       consumer's own code, in large batches, without waiting for each commit to be flushed (a rebuild that does not
 *       finish is started over); the live consumer meanwhile keeps updating the live tables; then what is past its
 *       retention is purged. The hours the replay marked pending are left to the live rollup, which rolls them up
 *       after the switch-over: until then queries answer them from their 1-minute windows, as they answer any
 *       pending hour, and the switch-over does not wait for a rollup of the whole history;</li>
 *   <li>SWITCHING: the live tables are locked against writers (readers go on), the copy catches up with the end of the
 *       topic as it is then, and the two schemas swap names in one transaction; the live consumer then resumes on the
 *       rebuilt tables, and whatever it applies again is ignored by their sequence guards.</li>
 * </ol>
 * One rebuild at a time across all instances (its row in the job table, and a PostgreSQL advisory lock held for the
 * whole rebuild), and any instance answers for it (see {@link JobStore}). A failed rebuild leaves the live tables as
 * they were; so does one whose instance died, whose lock ends with its connection.
 */
@Service
class Rebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final ReadModelSchemas schemas;
    private final ShadowWriter writer;
    private final KafkaProperties kafkaProperties;
    private final TelemetraProperties.Rebuild settings;
    private final Clock clock = Clock.systemUTC();
    private final AdminJobs<RebuildJob> jobs;
    private final ExecutorService writers;

    Rebuilds(DataSource dataSource, ReadModelSchemas schemas, ShadowWriter writer, KafkaProperties kafkaProperties,
             TelemetraProperties properties, JobStore jobStore) {
        this.dataSource = dataSource;
        this.schemas = schemas;
        this.writer = writer;
        this.kafkaProperties = kafkaProperties;
        this.settings = properties.rebuild();
        this.jobs = jobStore.jobs("rebuild");
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(settings.writers(), task -> {
            Thread thread = new Thread(task, "rebuild-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The job table refuses a second rebuild while one runs on a live instance; the advisory lock, held by the rebuild's
     * connection, also while an instance given up for dead (no heartbeat in time) may still be rebuilding.
     *
     * @param readingsFrom null to replay every reading, else the instant before which readings are taken over from the
     *                     live read models (see {@link ReadingsFrom})
     * @throws JobAlreadyRunningException while a rebuild runs, on this instance or another
     */
    synchronized RebuildJob start(Instant readingsFrom) throws SQLException {
        jobs.requireNoneRunning();
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try {
            locked = schemas.tryLock(connection);
            if (!locked) {
                throw new JobAlreadyRunningException("a rebuild is running on another instance");
            }
            return jobs.start(new RebuildJob(UUID.randomUUID().toString(), clock.instant(),
                    readingsFrom == null ? null : new ReadingsFrom(readingsFrom)), job -> run(job, connection));
        } catch (SQLException | RuntimeException e) {
            try (connection) {
                if (locked) {
                    schemas.unlock(connection); // the connection goes back to the pool: it must not keep the lock
                }
            }
            throw e;
        }
    }

    /** @throws io.telemetra.jobs.JobNotFoundException when no instance ran such a rebuild */
    RebuildProgress progress(String rebuildId) {
        return RebuildJob.progress(jobs.get(rebuildId), clock.instant());
    }

    private void run(RebuildJob job, Connection connection) {
        String live = null;
        try (connection) {
            try {
                live = schemas.live();
                rebuild(job, connection, live);
                job.completed(clock.instant());
                RebuildProgress done = RebuildJob.progress(job.snapshot(), clock.instant());
                log.info("Rebuild {} completed: {} records replayed in {} s ({}/s), {} of them parked as unprocessable;"
                        + " queries read the rebuilt models", job.id(), done.processed(),
                        Duration.between(done.startedAt(), done.finishedAt()).toSeconds(), done.ratePerSecond(),
                        job.parked());
            } catch (IncompleteHistoryException e) {
                // Dropped before the job says FAILED: whoever sees the failure sees nothing of the rebuild left.
                dropRebuilt(live);
                job.failed(clock.instant(), e.getMessage());
                log.error("Rebuild {} refused to switch over: {}", job.id(), e.getMessage());
            } catch (Exception e) {
                dropRebuilt(live);
                job.failed(clock.instant(), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                log.error("Rebuild {} failed; the live read models are unchanged", job.id(), e);
            } finally {
                schemas.unlock(connection);
            }
        } catch (SQLException e) {
            log.warn("Rebuild {}: could not release its lock cleanly ({}); it ends with the connection", job.id(),
                    e.toString());
        }
    }

    private void rebuild(RebuildJob job, Connection connection, String live) throws SQLException {
        String rebuilt = ReadModelSchemas.rebuilt(live);
        log.info("Rebuild {} started: preparing {} next to {}; {}", job.id(), rebuilt, live,
                job.readingsFrom() == null ? "every event is replayed"
                        : "readings before " + job.readingsFrom().from() + " are not replayed but taken over from the"
                        + " live read models at the switch-over");
        schemas.prepare(live);
        writer.prepareDays(rebuilt);
        List<String> indexes = schemas.dropSecondaryIndexes(live);
        List<TopicReplay> replays = TopicReplay.split(kafkaProperties.buildConsumerProperties(null),
                Topics.DEVICE_EVENTS, "projection-rebuild-" + job.id(), settings.pollRecords(), settings.writers());
        try {
            job.replaying(clock.instant());
            job.progress(0, total(replays));
            log.info("Rebuild {}: replaying {} records of {} into {} with {} writers", job.id(), total(replays),
                    Topics.DEVICE_EVENTS, rebuilt, replays.size());
            replayUntilTarget(job, replays, rebuilt, null, null);
            Instant indexing = clock.instant();
            schemas.createIndexes(indexes);
            log.info("Rebuild {}: {} secondary indexes built in {} s", job.id(), indexes.size(),
                    Duration.between(indexing, clock.instant()).toSeconds());
            writer.purgeReadings(rebuilt);
            switchOver(job, connection, live, replays);
        } finally {
            replays.forEach(TopicReplay::close);
        }
        if (!schemas.dropRetired(connection, live, settings.catchUpTimeout())) {
            log.warn("Rebuild {}: {} is still in use and was not dropped; the next rebuild drops it", job.id(),
                    ReadModelSchemas.retired(live));
        }
    }

    private void switchOver(RebuildJob job, Connection connection, String live, List<TopicReplay> replays)
            throws SQLException {
        String rebuilt = ReadModelSchemas.rebuilt(live);
        job.switching();
        for (int attempt = 1; attempt <= settings.switchAttempts(); attempt++) {
            log.info("Rebuild {}: switching over (attempt {} of {}): locking the live tables against writers",
                    job.id(), attempt, settings.switchAttempts());
            Instant deadline = clock.instant().plus(settings.catchUpTimeout());
            ReadModelSchemas.SwitchOutcome outcome = schemas.switchOver(connection, live, settings.lockTimeout(),
                    () -> {
                        replays.forEach(TopicReplay::refreshTarget);
                        return replayUntilTarget(job, replays, rebuilt, deadline, live);
                    }, Topics.DEVICE_EVENTS, () -> replayedRanges(replays), job.readingsFrom());
            if (outcome == ReadModelSchemas.SwitchOutcome.SWITCHED) {
                log.info("Rebuild {}: switched over; {} now holds the rebuilt read models", job.id(), live);
                return;
            }
            log.warn("Rebuild {}: could not switch over ({}); catching up without the lock, then trying again",
                    job.id(), outcome == ReadModelSchemas.SwitchOutcome.LOCK_UNAVAILABLE
                            ? "the live tables stayed busy for " + settings.lockTimeout()
                            : "not caught up with the topic within " + settings.catchUpTimeout());
            replays.forEach(TopicReplay::refreshTarget);
            replayUntilTarget(job, replays, rebuilt, null, null);
        }
        throw new IllegalStateException("could not switch over in " + settings.switchAttempts() + " attempts: events"
                + " arrive faster than the rebuild applies them, or the live tables stay locked");
    }

    /**
     * Applies polls to the rebuilt schema until every partition reaches the replay's target, each share of the
     * partitions on a writer thread of its own: one connection would keep PostgreSQL to one core. A device's events are
     * in one partition, so they are applied in order.
     *
     * @param deadline   when to give up, or null for never
     * @param frozenLive the live schema while the switch-over holds it locked, else null (see {@link ReadingsFrom})
     * @return whether the target was reached
     */
    private boolean replayUntilTarget(RebuildJob job, List<TopicReplay> replays, String rebuilt, Instant deadline,
                                      String frozenLive) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray replayed = new AtomicLongArray(replays.size());
        List<Future<Boolean>> shares = new ArrayList<>();
        for (int i = 0; i < replays.size(); i++) {
            TopicReplay replay = replays.get(i);
            int share = i;
            // From what earlier calls replayed: a catch-up's first progress report must not count from zero again.
            replayed.set(share, replay.replayed());
            shares.add(writers.submit(() -> {
                while (!replay.reachedTarget()) {
                    if (stop.get() || deadline != null && clock.instant().isAfter(deadline)) {
                        return false;
                    }
                    job.parked(writer.apply(rebuilt, replay.poll(POLL_TIMEOUT), job.readingsFrom(), frozenLive));
                    replayed.set(share, replay.replayed());
                }
                replayed.set(share, replay.replayed());
                return true;
            }));
        }
        long total = total(replays);
        Instant nextLog = clock.instant().plus(settings.logInterval());
        boolean reached = true;
        RuntimeException failure = null;
        for (Future<Boolean> share : shares) {
            while (true) {
                try {
                    reached &= share.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    job.progress(sum(replayed), total);
                    if (!clock.instant().isBefore(nextLog)) {
                        RebuildProgress progress = RebuildJob.progress(job.snapshot(), clock.instant());
                        log.info("Rebuild {}: {} {}/{} records ({}/s, about {} s left)", job.id(), progress.phase(),
                                progress.processed(), progress.total(), progress.ratePerSecond(),
                                progress.etaSeconds());
                        nextLog = clock.instant().plus(settings.logInterval());
                    }
                } catch (ExecutionException e) {
                    stop.set(true);
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                } catch (InterruptedException e) {
                    stop.set(true);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while replaying", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        job.progress(sum(replayed), total);
        return reached;
    }

    private static long total(List<TopicReplay> replays) {
        return replays.stream().mapToLong(TopicReplay::total).sum();
    }

    private static long sum(AtomicLongArray values) {
        long sum = 0;
        for (int i = 0; i < values.length(); i++) {
            sum += values.get(i);
        }
        return sum;
    }

    private static Map<TopicPartition, long[]> replayedRanges(List<TopicReplay> replays) {
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        replays.forEach(replay -> ranges.putAll(replay.replayedRanges()));
        return ranges;
    }

    private void dropRebuilt(String live) {
        if (live == null) {
            return;
        }
        try {
            schemas.dropRebuilt(live);
        } catch (RuntimeException e) {
            log.warn("Could not drop {} after the failed rebuild ({}); the next rebuild drops it",
                    ReadModelSchemas.rebuilt(live), e.toString());
        }
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
        jobs.close();
    }
}
