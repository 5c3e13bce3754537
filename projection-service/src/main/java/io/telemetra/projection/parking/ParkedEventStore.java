package io.telemetra.projection.parking;

import io.telemetra.api.admin.ParkedEventView;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import io.telemetra.projection.event.MalformedEventException;
import io.telemetra.projection.rows.Timestamps;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code parked_event} table. Every statement commits on its own unless the caller runs it in a transaction. */
@Repository
public class ParkedEventStore {

    static final String MALFORMED = "malformed";
    static final String REFUSED = "refused";
    static final String HELD = "held";
    static final String SKIPPED = "skipped";

    // The record key is the device id by contract: the lane whose later records a parked record holds back.
    private static final String PARK = """
            insert into parked_event (topic, kafka_partition, kafka_offset, record_key, record_value, reason, detail,
                                      device_id)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (topic, kafka_partition, kafka_offset) do nothing""";

    // Shared row locks: a retry or a deletion, which lock a lane's rows for update, and a batch holding records behind
    // them, do not overlap (see DeviceLanes).
    private static final String LANES = """
            select id, device_id, kafka_partition, kafka_offset, reason from parked_event
            where device_id = any(?)
            order by device_id, kafka_partition, kafka_offset
            for share""";

    private static final String FIRST_OF_LANE = """
            select id, record_value, reason, device_id from parked_event
            where device_id = ? and reason <> 'skipped'
            order by kafka_partition, kafka_offset
            limit 1""";

    private static final String COLUMNS = """
            id, topic, kafka_partition, kafka_offset, record_key, record_value, reason, detail, parked_at, retries,
            last_retried_at""";

    private static final RowMapper<ParkedEventView> VIEW = (rs, i) -> {
        byte[] value = rs.getBytes("record_value");
        return new ParkedEventView(rs.getLong("id"), rs.getString("topic"), rs.getInt("kafka_partition"),
                rs.getLong("kafka_offset"), rs.getString("record_key"),
                value == null ? null : new String(value, StandardCharsets.UTF_8), rs.getString("reason"),
                rs.getString("detail"), Timestamps.instant(rs, "parked_at"), rs.getInt("retries"),
                Timestamps.instant(rs, "last_retried_at"));
    };

    private static final RowMapper<ParkedRecord> PARKED_RECORD = (rs, i) -> new ParkedRecord(rs.getLong("id"),
            rs.getBytes("record_value"), rs.getString("reason"), rs.getString("device_id"));

    private final JdbcTemplate jdbc;

    ParkedEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Why a record was set aside: {@link #MALFORMED} or {@link #REFUSED}, and the failure's own words. */
    public record Parked(String reason, String detail) {
    }

    /** Parks the record under the reason its failure stands for. */
    public Parked park(ConsumerRecord<?, ?> record, Exception cause) {
        String reason = cause instanceof MalformedEventException ? MALFORMED : REFUSED;
        String detail = NestedExceptionUtils.getMostSpecificCause(cause).getMessage();
        Parked parked = new Parked(reason, detail == null ? cause.getClass().getName() : detail);
        park(record, parked.reason(), parked.detail());
        return parked;
    }

    void park(ConsumerRecord<?, ?> record, String reason, String detail) {
        byte[] value = record.value() instanceof byte[] bytes ? bytes
                : record.value() == null ? null : record.value().toString().getBytes(StandardCharsets.UTF_8);
        String key = record.key() == null ? null : text(record.key().toString());
        jdbc.update(PARK, record.topic(), record.partition(), record.offset(), key, value, reason, text(detail), key);
    }

    /** Where a parked record sits in its device's lane, and whether an admin skipped it. */
    record Position(long id, String deviceId, int partition, long offset, boolean skipped) {

        /** Whether this parked record holds back a record at that place in the lane. */
        boolean holdsBack(ConsumerRecord<?, ?> record) {
            // Another partition: the topic was repartitioned and the lane moved since this one was parked.
            return !skipped && (partition != record.partition() || offset < record.offset());
        }

        boolean skips(ConsumerRecord<?, ?> record) {
            return skipped && partition == record.partition() && offset == record.offset();
        }
    }

    /** The parked records of these devices, in lane order, share-locked until the caller's transaction ends. */
    List<Position> lanes(Collection<String> deviceIds) {
        return jdbc.query(LANES,
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", deviceIds.toArray())),
                (rs, i) -> new Position(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        SKIPPED.equals(rs.getString(5))));
    }

    /** The first parked record of a device's lane: the one holding back the others. */
    Optional<ParkedRecord> firstOfLane(String deviceId) {
        return jdbc.query(FIRST_OF_LANE, PARKED_RECORD, deviceId).stream().findFirst();
    }

    Page<ParkedEventView> page(int number, int size) {
        Long total = jdbc.queryForObject("select count(*) from parked_event", Long.class);
        List<ParkedEventView> content = jdbc.query("select " + COLUMNS + " from parked_event order by id"
                + " limit ? offset ?", VIEW, size, (long) number * size);
        return new Page<>(content, PageMetadata.of(number, size, total == null ? 0 : total));
    }

    /**
     * @param value    the record value, null if the record had none
     * @param deviceId the lane it holds back, or null for none
     */
    record ParkedRecord(long id, byte[] value, String reason, String deviceId) {

        boolean held() {
            return HELD.equals(reason);
        }

        boolean skipped() {
            return SKIPPED.equals(reason);
        }
    }

    Optional<ParkedRecord> find(long id) {
        return jdbc.query("select id, record_value, reason, device_id from parked_event where id = ?", PARKED_RECORD,
                id).stream().findFirst();
    }

    /** Locks the row until the caller's transaction ends; false if it is gone (retried meanwhile). */
    boolean lock(long id) {
        return !jdbc.queryForList("select id from parked_event where id = ? for update", Long.class, id).isEmpty();
    }

    void delete(long id) {
        jdbc.update("delete from parked_event where id = ?", id);
    }

    /** Keeps the record as skipped: it holds nothing back, and neither this consumer nor a rebuild applies it. */
    void skip(long id) {
        jdbc.update("""
                update parked_event set reason = 'skipped', detail = 'skipped by an admin (was ' || reason || ': '
                    || detail || ')', last_retried_at = now()
                where id = ?""", id);
    }

    /** @param reason the new reason, or null to keep the one it was parked for */
    void retryFailed(long id, String reason, String detail) {
        jdbc.update("""
                update parked_event
                set reason = coalesce(?, reason), detail = ?, retries = retries + 1, last_retried_at = now()
                where id = ?""", reason, text(detail), id);
    }

    // PostgreSQL text cannot hold NUL, and a parking that fails would redeliver the record for ever.
    private static String text(String value) {
        return value == null ? null : value.replace("\u0000", "\\u0000");
    }
}
