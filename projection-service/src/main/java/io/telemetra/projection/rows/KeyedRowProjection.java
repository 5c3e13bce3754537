package io.telemetra.projection.rows;

import io.telemetra.projection.event.DeviceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Applies a batch's events to a table of {@link RowKey keyed} rows: the rows they touch are read in one query, the
 * events folded into them in memory in each device's stream order ({@link RowFold}), and what changed written back
 * with one upsert each. The caller runs it in the batch's transaction, with the devices' rows locked and only events
 * past each device's last applied sequence, so every event is applied once and in order.
 *
 * @param <R> the row
 */
public final class KeyedRowProjection<R> {

    private static final Logger log = LoggerFactory.getLogger(KeyedRowProjection.class);

    private final String rows;
    private final String created;
    private final RowFold<R> fold;
    private final KeyedRowWriter<R> writer;

    /**
     * @param rows    what the rows are, for the log: "alerts"
     * @param created how their creating event made them, for the log: "raised"
     */
    public KeyedRowProjection(String rows, String created, RowFold<R> fold, KeyedRowWriter<R> writer) {
        this.rows = rows;
        this.created = created;
        this.fold = fold;
        this.writer = writer;
    }

    /**
     * @param events events of these rows only, each device's in stream order
     * @return the rows written, in their final state
     */
    public List<R> apply(List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        RowFold.Result<R> result = fold.fold(writer.find(fold.keys(events)), events);
        if (!result.ignored().isEmpty()) {
            DeviceEvent first = result.ignored().get(0);
            log.warn("Ignored {} change(s) of {} the read model never saw {}, e.g. {} of device {} at sequence {}",
                    result.ignored().size(), rows, created, first.type(), first.deviceId(), first.sequenceNumber());
        }
        writer.upsert(result.rows());
        return result.rows();
    }
}
