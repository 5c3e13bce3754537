package io.telemetra.projection.alert;

import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.query.AlertView;

/**
 * One row of the {@code alert} table: an {@link AlertView} and the sequence of the last event applied to it. How each
 * event changes it is {@link AlertView#after}'s, shared with the live stream.
 *
 * @param sequenceNumber the device-stream sequence of the last event applied to the row
 */
record AlertRow(AlertView view, long sequenceNumber) {

    static AlertRow raised(AlertRaisedEvent event, long sequenceNumber) {
        return new AlertRow(AlertView.raised(event), sequenceNumber);
    }

    /** This row after one of its change events (not its raise); a resolved alert only records the sequence. */
    AlertRow after(Object event, long sequence) {
        return new AlertRow(view.after(event), sequence);
    }
}
