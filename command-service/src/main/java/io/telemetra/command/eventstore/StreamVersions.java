package io.telemetra.command.eventstore;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last sequence number the event store holds for a stream: what a cached aggregate is compared with before it may
 * decide, since another instance may have appended to the stream since this one cached it.
 * <p>
 * A submission that records many devices at once asks for all of them in one query ({@link #confirmAll}) and keeps the
 * answer for the rest of its unit of work, so that each device of the submission costs no query of its own.
 */
@Component
public class StreamVersions {

    private static final String CONFIRMED = StreamVersions.class.getName() + ".confirmed";

    /**
     * One primary-key probe per stream, however long its history and however many partitions hold it: the stream's
     * head row, which moves in the transaction that appends (see V5__partitioned_event_store.sql), and which keeps the
     * last sequence number also when the events holding it were archived.
     */
    private static final String LAST_SEQUENCE_NUMBERS = """
            select s.id, h.sequence_number
            from unnest(?::text[]) as s(id) left join event_stream_head h on h.aggregate_identifier = s.id""";

    private final JdbcTemplate jdbc;

    public StreamVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stream's last sequence number as confirmed earlier in the current unit of work, else as stored now.
     *
     * @return empty when the store holds no event of that stream
     */
    public Optional<Long> lastSequenceNumber(String aggregateId) {
        Map<String, Long> confirmed = confirmedInUnitOfWork();
        if (confirmed != null && confirmed.containsKey(aggregateId)) {
            return Optional.ofNullable(confirmed.get(aggregateId));
        }
        return jdbc.queryForList("select sequence_number from event_stream_head where aggregate_identifier = ?",
                Long.class, aggregateId).stream().findFirst();
    }

    /**
     * Reads the last sequence numbers of these streams in one query and keeps them for the rest of the unit of work, so
     * that loading each of them later in it needs no query of its own. A stream that another instance appends to after
     * this moment is caught when this unit of work appends too (the stream's head refuses it), or else the decision taken
     * holds as of this moment.
     */
    public void confirmAll(UnitOfWork<?> unitOfWork, Collection<String> aggregateIds) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query(LAST_SEQUENCE_NUMBERS, statement -> {
            Connection connection = statement.getConnection();
            Array ids = connection.createArrayOf("text", aggregateIds.toArray());
            statement.setArray(1, ids);
        }, row -> {
            long last = row.getLong(2);
            versions.put(row.getString(1), row.wasNull() ? null : last);
        });
        unitOfWork.root().resources().put(CONFIRMED, versions);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> confirmedInUnitOfWork() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return (Map<String, Long>) CurrentUnitOfWork.get().root().resources().get(CONFIRMED);
    }
}
