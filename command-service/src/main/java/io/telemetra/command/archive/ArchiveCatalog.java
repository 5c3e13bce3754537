package io.telemetra.command.archive;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The archive's catalog in the database ({@code archive_segment}, {@code archive_stream}; V6__event_archive.sql). */
@Repository
class ArchiveCatalog {

    enum State {
        EXPORTED, VERIFIED, DROPPED
    }

    record Segment(String partition, LocalDate day, State state, long events, BigInteger digest, String fileName,
                   long fileBytes, String fileSha256) {
    }

    /** A stream's events in a dropped segment. */
    record StoredRun(String fileName, String aggregateIdentifier, long firstSequence, long lastSequence, int events,
                     Instant firstTime, Instant lastTime, long offset, long length) {
    }

    private static final RowMapper<Segment> SEGMENT = (rs, i) -> new Segment(rs.getString("partition_name"),
            rs.getObject("first_day", LocalDate.class), State.valueOf(rs.getString("state")), rs.getLong("events"),
            rs.getBigDecimal("content_digest").toBigIntegerExact(), rs.getString("file_name"),
            rs.getLong("file_bytes"), rs.getString("file_sha256"));

    private static final RowMapper<StoredRun> RUN = (rs, i) -> new StoredRun(rs.getString("file_name"),
            rs.getString("aggregate_identifier"), rs.getLong("first_sequence"), rs.getLong("last_sequence"),
            rs.getInt("events"), Instant.parse(rs.getString("first_time_stamp")),
            Instant.parse(rs.getString("last_time_stamp")), rs.getLong("byte_offset"), rs.getLong("byte_length"));

    private final JdbcTemplate jdbc;

    ArchiveCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Segment> segment(String partition) {
        return jdbc.query("select * from archive_segment where partition_name = ?", SEGMENT, partition).stream()
                .findFirst();
    }

    /** Segments not dropped yet: work an interrupted archive left to resume. */
    List<Segment> unfinished() {
        return jdbc.query("select * from archive_segment where state <> 'DROPPED' order by first_day", SEGMENT);
    }

    /** Records an exported segment and its runs, in one transaction. */
    @Transactional
    void exported(String partition, LocalDate day, SegmentFile.Written written, String fileName, Instant at) {
        jdbc.update("""
                        insert into archive_segment (partition_name, first_day, state, events, content_digest, file_name,
                                                     file_bytes, file_sha256, min_global_index, max_global_index,
                                                     exported_at)
                        values (?, ?, 'EXPORTED', ?, ?, ?, ?, ?, ?, ?, ?)""",
                partition, day, written.events(), new BigDecimal(written.digest()), fileName, written.bytes(),
                written.sha256(), written.minGlobalIndex(), written.maxGlobalIndex(), Timestamp.from(at));
        jdbc.batchUpdate("""
                        insert into archive_stream (partition_name, aggregate_identifier, first_sequence, last_sequence,
                                                    events, first_time_stamp, last_time_stamp, byte_offset, byte_length)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", written.runs(), 1000, (ps, run) -> {
            ps.setString(1, partition);
            ps.setString(2, run.aggregateIdentifier());
            ps.setLong(3, run.firstSequence());
            ps.setLong(4, run.lastSequence());
            ps.setInt(5, run.events());
            ps.setString(6, run.firstTimeStamp());
            ps.setString(7, run.lastTimeStamp());
            ps.setLong(8, run.offset());
            ps.setLong(9, run.length());
        });
    }

    void verified(String partition, Instant at) {
        jdbc.update("update archive_segment set state = 'VERIFIED', verified_at = ? where partition_name = ?"
                + " and state = 'EXPORTED'", Timestamp.from(at), partition);
    }

    /** Forgets a segment that must be exported again (its runs go with it). */
    void forget(String partition) {
        jdbc.update("delete from archive_segment where partition_name = ? and state <> 'DROPPED'", partition);
    }

    /** The runs of a stream's events in dropped segments, by first sequence number. */
    List<StoredRun> runs(String aggregateIdentifier, long firstSequence) {
        return jdbc.query("""
                select s.file_name, r.* from archive_stream r join archive_segment s using (partition_name)
                where r.aggregate_identifier = ? and r.last_sequence >= ? and s.state = 'DROPPED'
                order by r.first_sequence""", RUN, aggregateIdentifier, firstSequence);
    }
}
