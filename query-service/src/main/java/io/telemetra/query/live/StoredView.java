package io.telemetra.query.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A read-model row as the live stream needs it: its view and the device-stream sequence of the last event it reflects.
 * The stream reads Kafka itself, so it never waits for the projection; a change event is shown on top of the stored
 * row, unless the row reflects it already (projection-service got there first). When the row is not there yet (the
 * projection lags behind the stream), or cannot be read, the change is shown alone, null elsewhere, and a client merges
 * it into what it knows.
 *
 * @param <V> the view
 */
public record StoredView<V>(V view, long sequenceNumber) {

    private static final Logger log = LoggerFactory.getLogger(StoredView.class);

    /**
     * @param stored   reads the row
     * @param sequence the change event's sequence
     * @param blank    the view of a row not stored yet: its key, null elsewhere
     * @param change   the view after the change event
     * @param what     the row, for the log: "alert a-1 of pump-1"
     */
    public static <V> V afterChange(Supplier<Optional<StoredView<V>>> stored, long sequence, Supplier<V> blank,
                                    UnaryOperator<V> change, String what) {
        Optional<StoredView<V>> row = read(stored, what);
        if (row.isPresent() && row.get().sequenceNumber() >= sequence) {
            return row.get().view();
        }
        return change.apply(row.map(StoredView::view).orElseGet(blank));
    }

    private static <V> Optional<StoredView<V>> read(Supplier<Optional<StoredView<V>>> stored, String what) {
        try {
            return stored.get();
        } catch (DataAccessException e) {
            log.debug("Live stream: {} not read ({}); showing the event alone", what, e.toString());
            return Optional.empty();
        }
    }
}
