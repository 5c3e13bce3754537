package io.telemetra.projection.parking;

/** The parked event decodes and the database would take it, but the read model cannot apply it any more. */
class ParkedEventNotApplicableException extends RuntimeException {

    ParkedEventNotApplicableException(long id, String reason) {
        super("Parked event " + id + " cannot be applied: " + reason);
    }
}
