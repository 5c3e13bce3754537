package io.telemetra.projection.rows;

import io.telemetra.projection.event.DeviceEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Folds a batch's events into the keyed rows they touch, for a table whose rows one event type creates and later
 * events change (an alert is raised, then acknowledged; a command is issued, then answered). Pure: the domain says how
 * an event is keyed, how its creating event makes a row and how a later event changes one.
 *
 * @param <R> the row
 */
public final class RowFold<R> {

    /** How a row's creating event makes it, at the event's stream sequence. */
    @FunctionalInterface
    public interface Creation<C, R> {
        R create(C event, long sequence);
    }

    /** The row after one of its later events, at the event's stream sequence. */
    @FunctionalInterface
    public interface Change<R> {
        R after(R row, Object event, long sequence);
    }

    /**
     * @param rows    the rows to write: those the events changed, in their final state
     * @param ignored changes of rows neither stored nor created in the batch, and creations of rows that exist
     */
    public record Result<R>(List<R> rows, List<DeviceEvent> ignored) {
    }

    private final Function<Object, RowKey> keyOf;
    private final Class<?> creating;
    private final Creation<Object, R> create;
    private final Change<R> change;

    /**
     * @param keyOf    the key of the row an event payload belongs to
     * @param creating the payload type that creates a row
     */
    public <C> RowFold(Function<Object, RowKey> keyOf, Class<C> creating, Creation<C, R> create, Change<R> change) {
        this.keyOf = keyOf;
        this.creating = creating;
        this.create = (event, sequence) -> create.create(creating.cast(event), sequence);
        this.change = change;
    }

    /** The keys of the rows the events touch, to read them in one query. */
    public SortedSet<RowKey> keys(Collection<DeviceEvent> events) {
        SortedSet<RowKey> keys = new TreeSet<>();
        events.forEach(event -> keys.add(keyOf.apply(event.payload())));
        return keys;
    }

    /**
     * @param stored the stored rows the events touch
     * @param events the events, in each device's stream order
     */
    public Result<R> fold(Map<RowKey, R> stored, Collection<DeviceEvent> events) {
        Map<RowKey, R> rows = new LinkedHashMap<>(stored);
        Map<RowKey, R> changed = new LinkedHashMap<>();
        List<DeviceEvent> ignored = new ArrayList<>();
        for (DeviceEvent event : events) {
            RowKey key = keyOf.apply(event.payload());
            R row = rows.get(key);
            R next;
            if (creating.isInstance(event.payload())) {
                next = row == null ? create.create(event.payload(), event.sequenceNumber()) : null;
            } else {
                next = row == null ? null : change.after(row, event.payload(), event.sequenceNumber());
            }
            if (next == null) {
                ignored.add(event);
                continue;
            }
            rows.put(key, next);
            changed.put(key, next);
        }
        return new Result<>(List.copyOf(changed.values()), ignored);
    }
}
