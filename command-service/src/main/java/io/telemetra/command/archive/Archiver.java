package io.telemetra.command.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telemetra.api.admin.ArchiveProgress;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.device.Device;
import io.telemetra.command.publishing.RelayProperties;
import io.telemetra.jobs.AdminJobs;
import io.telemetra.jobs.JobAlreadyRunningException;
import io.telemetra.jobs.JobStore;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.Snapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Moves reading events stored before the hot horizon out of the event store into the archive, one day partition at a
 * time, so that nothing is ever lost:
 * <ol>
 *   <li><b>snapshots</b>: every device with events in the partition gets a snapshot at or past its last one there, so
 *       that loading it needs none of them (should one be missing, the stream is completed from the archive);</li>
 *   <li><b>export</b>: the partition's events, sorted by stream and sequence number, are written to the store as a
 *       segment file and its manifest (each durable before the next step), then recorded in the catalog
 *       ({@code EXPORTED}) with their count and checksums;</li>
 *   <li><b>verify</b>: the file is read back from the store and must give the same count, content checksum and file
 *       checksum ({@code VERIFIED});</li>
 *   <li><b>drop</b>: in one transaction, the partition is locked against writers, its count and checksum taken again
 *       and compared with the verified archive, and only then detached and dropped ({@code DROPPED}).</li>
 * </ol>
 * Each step's outcome is committed before the next starts, so a run stopped anywhere (a kill included) is resumed by the
 * next one from the last committed step: a file written without its catalog row is written again, a segment exported
 * or verified goes on from there, and a partition is gone only in the transaction that recorded it as archived. One
 * archive runs at a time in the cluster (an advisory lock); the schedule runs it on one instance (db-scheduler).
 */
public class Archiver implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Archiver.class);

    /** One archive at a time across every instance sharing the database. */
    static final long ARCHIVE_LOCK = 0x7465_6c65_6172_6368L;
    private static final String READING_PARTITIONS = "domain_event_entry_reading";
    private static final String PREFIX = "domain_event_entry_r";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final int FETCH_SIZE = 2000;
    private static final String FORMAT = "telemetra-event-archive/1";
    private static final String GAP_AWARE_TOKEN = GapAwareTrackingToken.class.getName();

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final ArchiveCatalog catalog;
    private final ArchiveStore store;
    private final ArchiveProperties properties;
    private final Snapshotter snapshotter;
    private final ArchiveCheckpoints checkpoints;
    private final ObjectMapper json;
    private final Clock clock;
    private final AdminJobs<ArchiveJob> jobs;

    Archiver(DataSource dataSource, ArchiveCatalog catalog, ArchiveStore store, ArchiveProperties properties,
             Snapshotter snapshotter, ArchiveCheckpoints checkpoints, ObjectMapper json, Clock clock,
             JobStore jobStore) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.catalog = catalog;
        this.store = store;
        this.properties = properties;
        this.snapshotter = snapshotter;
        this.checkpoints = checkpoints;
        this.json = json;
        this.clock = clock;
        this.jobs = jobStore.jobs("archive");
    }

    /**
     * Starts an archive in the background, answering at once.
     *
     * @throws ArchiveDisabledException when archiving is off
     * @throws JobAlreadyRunningException while one runs on any instance (the job table), or the schedule's run or an
     *                                     instance given up for dead still holds the archive lock
     */
    synchronized ArchiveJob start() {
        if (!properties.enabled()) {
            throw new ArchiveDisabledException();
        }
        jobs.requireNoneRunning();
        Connection lock = acquireLock().orElseThrow(() ->
                new JobAlreadyRunningException("an archive is running on another instance"));
        try {
            ArchiveJob job = new ArchiveJob(UUID.randomUUID().toString(), horizon(), clock.instant());
            return jobs.start(job, started -> runHolding(started, lock));
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** The schedule's run, in the scheduler's thread; skipped while another archive runs. */
    void runScheduled() {
        if (properties.enabled()) {
            runNow();
        }
    }

    /** Runs an archive in this thread; @return how it ended, or empty when another archive is running */
    Optional<ArchiveProgress> runNow() {
        Optional<Connection> lock = acquireLock();
        if (lock.isEmpty()) {
            log.info("Archive skipped: another archive is running");
            return Optional.empty();
        }
        ArchiveJob job = new ArchiveJob(UUID.randomUUID().toString(), horizon(), clock.instant());
        runHolding(job, lock.get());
        return Optional.of(ArchiveJob.progress(job.snapshot(), clock.instant()));
    }

    /** @throws io.telemetra.jobs.JobNotFoundException when no instance ran such an archive */
    ArchiveProgress progress(String jobId) {
        return ArchiveJob.progress(jobs.get(jobId), clock.instant());
    }

    /** Reading events stored before this instant are archived: whole UTC days before it. */
    Instant horizon() {
        return clock.instant().minus(properties.horizon());
    }

    private Optional<Connection> acquireLock() {
        try {
            Connection connection = dataSource.getConnection();
            try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                statement.setLong(1, ARCHIVE_LOCK);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return Optional.of(connection);
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the archive lock: " + e.getMessage(), e);
        }
    }

    /** Gives a lock taken for a job that did not start back; the connection returns to the pool without it. */
    private static void release(Connection lock) {
        try (lock; PreparedStatement statement = lock.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, ARCHIVE_LOCK);
            statement.execute();
        } catch (SQLException e) {
            log.warn("Could not release the archive lock cleanly ({}); it ends with the connection", e.toString());
        }
    }

    private void runHolding(ArchiveJob job, Connection lock) {
        try (lock) {
            try {
                archive(job);
                job.completed(clock.instant());
                ArchiveProgress done = ArchiveJob.progress(job.snapshot(), clock.instant());
                log.info("Archive {} completed: {} reading events of {} partition(s) stored before {} moved to {}",
                        job.id(), done.processed(), done.moved().size(), LocalDate.ofInstant(job.horizon(),
                                ZoneOffset.UTC), store.describe());
            } catch (RuntimeException | SQLException | IOException e) {
                job.failed(clock.instant(), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                log.error("Archive {} stopped: nothing was lost, and the next run resumes where it stopped", job.id(),
                        e);
            } finally {
                try (PreparedStatement statement = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    statement.setLong(1, ARCHIVE_LOCK);
                    statement.execute();
                }
            }
        } catch (SQLException e) {
            log.warn("Archive {}: could not release its lock cleanly ({}); it ends with the connection", job.id(),
                    e.toString());
        }
    }

    private void archive(ArchiveJob job) throws SQLException, IOException {
        LocalDate firstKept = LocalDate.ofInstant(job.horizon(), ZoneOffset.UTC);
        Map<String, LocalDate> partitions = new TreeMap<>();
        for (String partition : dayPartitions()) {
            LocalDate day = LocalDate.parse(partition.substring(PREFIX.length()), DAY);
            if (day.isBefore(firstKept)) {
                partitions.put(partition, day);
            }
        }
        for (ArchiveCatalog.Segment unfinished : catalog.unfinished()) {
            partitions.put(unfinished.partition(), unfinished.day());
        }
        long total = 0;
        Map<String, Long> sizes = new TreeMap<>();
        for (String partition : partitions.keySet()) {
            long events = catalog.segment(partition).map(ArchiveCatalog.Segment::events)
                    .orElseGet(() -> count(partition));
            sizes.put(partition, events);
            total += events;
        }
        job.progress(0, total);
        log.info("Archive {} started: {} reading events in {} partition(s) stored before {} (horizon {}), to {}",
                job.id(), total, partitions.size(), firstKept, properties.horizon(), store.describe());
        long done = 0;
        for (Map.Entry<String, LocalDate> partition : partitions.entrySet()) {
            long before = done;
            archivePartition(job, partition.getKey(), partition.getValue(),
                    exported -> job.progress(before + exported, job.total()));
            done += sizes.get(partition.getKey());
            job.progress(done, total);
        }
    }

    private void archivePartition(ArchiveJob job, String partition, LocalDate day, LongConsumer exported)
            throws SQLException, IOException {
        ArchiveCatalog.Segment segment = catalog.segment(partition).orElse(null);
        if (segment == null) {
            job.phase("SNAPSHOTS " + partition);
            ensureSnapshots(job, partition);
            checkpoints.reached(ArchiveCheckpoints.Step.SNAPSHOTS_TAKEN, partition);
            job.phase("EXPORTING " + partition);
            segment = export(partition, day, exported);
        }
        if (segment.state() == ArchiveCatalog.State.EXPORTED) {
            job.phase("VERIFYING " + partition);
            verify(segment);
            segment = catalog.segment(partition).orElseThrow();
        }
        if (segment.state() == ArchiveCatalog.State.VERIFIED) {
            job.phase("DROPPING " + partition);
            if (drop(segment)) {
                job.moved(new ArchiveProgress.Segment(partition, day.toString(), segment.events(),
                        segment.fileName(), segment.fileBytes()));
            }
        }
    }

    /** The day partitions of reading events that exist now, oldest first. */
    private List<String> dayPartitions() {
        return jdbc.queryForList("""
                select c.relname from pg_inherits i
                join pg_class c on c.oid = i.inhrelid
                join pg_class p on p.oid = i.inhparent
                join pg_namespace n on n.oid = p.relnamespace
                where p.relname = ? and n.nspname = current_schema() and c.relname like ?
                order by c.relname""", String.class, READING_PARTITIONS, PREFIX + "%").stream()
                .filter(name -> name.matches(PREFIX + "\\d{8}"))
                .toList();
    }

    private long count(String partition) {
        Long count = jdbc.queryForObject("select count(*) from " + quote(partition), Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Takes a snapshot of every device whose latest usable snapshot is older than its last event in the partition,
     * so that loading it never needs the archive. The snapshotter works in this thread, one device at a time; the
     * phase counts the devices done, as a device never snapshotted before replays its whole stream (seconds for a long
     * one), and a job stopped meanwhile stops here.
     */
    private void ensureSnapshots(ArchiveJob job, String partition) throws IOException {
        List<String> devices = jdbc.queryForList("select e.aggregate_identifier from " + quote(partition) + " e"
                + " group by e.aggregate_identifier having max(e.sequence_number) > coalesce((select"
                + " max(s.sequence_number) from snapshot_event_entry s where s.aggregate_identifier ="
                + " e.aggregate_identifier and s.payload_revision = ?), -1)", String.class, Device.SNAPSHOT_REVISION);
        for (int done = 0; done < devices.size(); done++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("stopped while taking the snapshots of " + partition);
            }
            snapshotter.scheduleSnapshot(Device.class, devices.get(done));
            job.phase("SNAPSHOTS %s: %d of %d devices".formatted(partition, done + 1, devices.size()));
        }
        if (!devices.isEmpty()) {
            log.info("Archive: took snapshots of {} device(s) with events in {}", devices.size(), partition);
        }
    }

    private ArchiveCatalog.Segment export(String partition, LocalDate day, LongConsumer progress)
            throws SQLException, IOException {
        String fileName = SegmentFile.fileName(partition);
        SegmentFile.Written[] written = new SegmentFile.Written[1];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_SIZE);
                store.put(fileName, out -> {
                    SegmentFile.Writer writer = new SegmentFile.Writer(out);
                    try (ResultSet rows = statement.executeQuery("select " + ArchivedEvent.COLUMNS + " from "
                            + quote(partition) + " order by aggregate_identifier, sequence_number")) {
                        long exported = 0;
                        while (rows.next()) {
                            writer.write(ArchivedEvent.of(rows));
                            if (++exported % FETCH_SIZE == 0) {
                                progress.accept(exported);
                            }
                        }
                    } catch (SQLException e) {
                        throw new IOException("cannot read " + partition + ": " + e.getMessage(), e);
                    }
                    written[0] = writer.finish();
                });
            } finally {
                connection.rollback();
            }
        }
        checkpoints.reached(ArchiveCheckpoints.Step.FILE_WRITTEN, partition);
        Instant exportedAt = clock.instant();
        store.put(SegmentFile.manifestName(partition), out -> json.writerWithDefaultPrettyPrinter()
                .writeValue(out, manifest(partition, day, fileName, written[0], exportedAt)));
        checkpoints.reached(ArchiveCheckpoints.Step.MANIFEST_WRITTEN, partition);
        catalog.exported(partition, day, written[0], fileName, exportedAt);
        checkpoints.reached(ArchiveCheckpoints.Step.EXPORTED, partition);
        log.info("Archive: {} events of {} written to {}/{} ({} bytes)", written[0].events(), partition,
                store.describe(), fileName, written[0].bytes());
        return catalog.segment(partition).orElseThrow();
    }

    private ObjectNode manifest(String partition, LocalDate day, String fileName, SegmentFile.Written written,
                                Instant exportedAt) {
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("partition", partition);
        manifest.put("day", day.toString());
        manifest.put("payloadType", "io.telemetra.api.telemetry.ReadingRecordedEvent");
        manifest.put("events", written.events());
        manifest.put("contentDigest", written.digest().toString());
        manifest.put("file", fileName);
        manifest.put("fileBytes", written.bytes());
        manifest.put("fileSha256", written.sha256());
        manifest.put("minGlobalIndex", written.minGlobalIndex());
        manifest.put("maxGlobalIndex", written.maxGlobalIndex());
        manifest.put("exportedAt", exportedAt.toString());
        ArrayNode streams = manifest.putArray("streams");
        for (SegmentFile.Run run : written.runs()) {
            ObjectNode stream = streams.addObject();
            stream.put("aggregateIdentifier", run.aggregateIdentifier());
            stream.put("firstSequence", run.firstSequence());
            stream.put("lastSequence", run.lastSequence());
            stream.put("events", run.events());
            stream.put("firstTimeStamp", run.firstTimeStamp());
            stream.put("lastTimeStamp", run.lastTimeStamp());
            stream.put("offset", run.offset());
            stream.put("length", run.length());
        }
        return manifest;
    }

    /** Reads the segment back from the store; a mismatch forgets it, so that the next run exports it again. */
    private void verify(ArchiveCatalog.Segment segment) throws IOException {
        SegmentFile.Written read;
        try (InputStream in = store.open(segment.fileName())) {
            read = SegmentFile.verify(in, event -> { });
        } catch (IOException e) {
            forget(segment);
            throw new IOException("the archived " + segment.fileName() + " cannot be read back (" + e.getMessage()
                    + "); it is exported again at the next run", e);
        }
        if (read.events() != segment.events() || !read.digest().equals(segment.digest())
                || read.bytes() != segment.fileBytes() || !read.sha256().equals(segment.fileSha256())
                || !store.exists(SegmentFile.manifestName(segment.partition()))) {
            forget(segment);
            throw new IllegalStateException("the archived " + segment.fileName() + " does not match what was"
                    + " exported (" + read.events() + " events read back of " + segment.events() + "); the partition"
                    + " stays in the event store and is exported again at the next run");
        }
        catalog.verified(segment.partition(), clock.instant());
        checkpoints.reached(ArchiveCheckpoints.Step.VERIFIED, segment.partition());
    }

    private void forget(ArchiveCatalog.Segment segment) throws IOException {
        catalog.forget(segment.partition());
        store.delete(segment.fileName());
        store.delete(SegmentFile.manifestName(segment.partition()));
    }

    /**
     * Drops the partition in the transaction that finds it still holding exactly what the verified archive holds,
     * under a lock that keeps writers out of it meanwhile.
     *
     * @return false when its lock was not granted in time (tried again at the next run)
     */
    private boolean drop(ArchiveCatalog.Segment segment) throws SQLException, IOException {
        String partition = segment.partition();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("set local lock_timeout = " + properties.lockTimeout().toMillis());
                statement.execute("lock table " + quote(partition) + " in share mode");
                long events;
                BigInteger digest;
                try (ResultSet rs = statement.executeQuery("select count(*), " + ArchiveDigest.SQL + " from "
                        + quote(partition))) {
                    rs.next();
                    events = rs.getLong(1);
                    digest = rs.getBigDecimal(2).toBigIntegerExact();
                }
                if (events != segment.events() || !digest.equals(segment.digest())) {
                    connection.rollback();
                    forget(segment);
                    throw new IllegalStateException(partition + " changed since it was archived (" + events
                            + " events now, " + segment.events() + " archived); it stays in the event store and is"
                            + " exported again at the next run");
                }
                if (!relayed(statement, partition)) {
                    connection.rollback();
                    log.warn("Archive: {} is not published to {} in full yet (the event relay is behind it); it is"
                            + " dropped at the next run", partition, Topics.DEVICE_EVENTS);
                    return false;
                }
                checkpoints.reached(ArchiveCheckpoints.Step.CHECKED_UNDER_LOCK, partition);
                statement.execute("alter table " + READING_PARTITIONS + " detach partition " + quote(partition));
                statement.execute("drop table " + quote(partition));
                statement.executeUpdate("update archive_segment set state = 'DROPPED', dropped_at = now()"
                        + " where partition_name = '" + partition + "' and state = 'VERIFIED'");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    log.warn("Archive: {} was busy for {}; it is dropped at the next run", partition,
                            properties.lockTimeout());
                    return false;
                }
                throw e;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            }
        }
        checkpoints.reached(ArchiveCheckpoints.Step.DROPPED, partition);
        log.info("Archive: {} dropped from the event store ({} events archived in {})", partition, segment.events(),
                segment.fileName());
        return true;
    }

    /**
     * Whether the event relay has published every event of the partition: it reads the event store forward from its
     * tokens, so an event that left the store before every segment's token covered it would never reach the topic. A
     * token covers the partition when it is past its last event and none of its gaps is an event of the partition (a
     * gap may also be an id a rolled-back transaction drew, which holds no event).
     */
    private boolean relayed(Statement statement, String partition) throws SQLException {
        long first;
        long last;
        try (ResultSet rs = statement.executeQuery("select min(global_index), max(global_index) from "
                + quote(partition))) {
            rs.next();
            first = rs.getLong(1);
            last = rs.getLong(2);
            if (rs.wasNull()) {
                return true;
            }
        }
        boolean anySegment = false;
        List<Long> gaps = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("select token_type, convert_from(token, 'UTF8') from token_entry"
                + " where processor_name = '" + RelayProperties.PROCESSOR_NAME + "'")) {
            while (rs.next()) {
                anySegment = true;
                if (!GAP_AWARE_TOKEN.equals(rs.getString(1))) {
                    return false;
                }
                JsonNode position = token(rs.getString(2));
                if (position == null || position.path("index").asLong(-1) < last) {
                    return false;
                }
                position.path("gaps").forEach(gap -> {
                    if (gap.asLong() >= first && gap.asLong() <= last) {
                        gaps.add(gap.asLong());
                    }
                });
            }
        }
        if (!anySegment || gaps.isEmpty()) {
            return anySegment;
        }
        Connection connection = statement.getConnection();
        try (PreparedStatement unpublished = connection.prepareStatement("select exists (select 1 from "
                + quote(partition) + " where global_index = any(?))")) {
            unpublished.setArray(1, connection.createArrayOf("bigint", gaps.toArray()));
            try (ResultSet rs = unpublished.executeQuery()) {
                rs.next();
                return !rs.getBoolean(1);
            }
        }
    }

    private JsonNode token(String token) {
        try {
            return json.readTree(token);
        } catch (IOException e) {
            log.warn("Archive: a token of the event relay is unreadable ({}); nothing is dropped", e.getMessage());
            return null;
        }
    }

    /** Partition names are made here ({@value #PREFIX} and digits): quoted anyway. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void destroy() {
        jobs.close();
    }
}
