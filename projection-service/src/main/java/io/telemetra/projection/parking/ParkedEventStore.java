package io.telemetra.projection.parking;

import io.telemetra.api.admin.ParkedEventView;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import io.telemetra.projection.kafka.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** The {@code parked_event} table. Every statement commits on its own unless the caller runs it in a transaction. */
@Repository
public class ParkedEventStore {

    static final String MALFORMED = "malformed";
    static final String REFUSED = "refused";

    private static final String PARK = """
            insert into parked_event (topic, kafka_partition, kafka_offset, record_key, record_value, reason, detail)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (topic, kafka_partition, kafka_offset) do nothing""";

    private static final String COLUMNS = """
            id, topic, kafka_partition, kafka_offset, record_key, record_value, reason, detail, parked_at, retries,
            last_retried_at""";

    private static final RowMapper<ParkedEventView> VIEW = (rs, i) -> {
        byte[] value = rs.getBytes("record_value");
        OffsetDateTime lastRetried = rs.getObject("last_retried_at", OffsetDateTime.class);
        return new ParkedEventView(rs.getLong("id"), rs.getString("topic"), rs.getInt("kafka_partition"),
                rs.getLong("kafka_offset"), rs.getString("record_key"),
                value == null ? null : new String(value, StandardCharsets.UTF_8), rs.getString("reason"),
                rs.getString("detail"), rs.getObject("parked_at", OffsetDateTime.class).toInstant(),
                rs.getInt("retries"), lastRetried == null ? null : lastRetried.toInstant());
    };

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
        jdbc.update(PARK, record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : text(record.key().toString()), value, reason, text(detail));
    }

    Page<ParkedEventView> page(int number, int size) {
        Long total = jdbc.queryForObject("select count(*) from parked_event", Long.class);
        List<ParkedEventView> content = jdbc.query("select " + COLUMNS + " from parked_event order by id"
                + " limit ? offset ?", VIEW, size, (long) number * size);
        return new Page<>(content, PageMetadata.of(number, size, total == null ? 0 : total));
    }

    /** @param value the record value, null if the record had none */
    record ParkedRecord(long id, byte[] value) {
    }

    Optional<ParkedRecord> find(long id) {
        return jdbc.query("select id, record_value from parked_event where id = ?",
                (rs, i) -> new ParkedRecord(rs.getLong(1), rs.getBytes(2)), id).stream().findFirst();
    }

    /** Locks the row until the caller's transaction ends; false if it is gone (retried meanwhile). */
    boolean lock(long id) {
        return !jdbc.queryForList("select id from parked_event where id = ? for update", Long.class, id).isEmpty();
    }

    void delete(long id) {
        jdbc.update("delete from parked_event where id = ?", id);
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
