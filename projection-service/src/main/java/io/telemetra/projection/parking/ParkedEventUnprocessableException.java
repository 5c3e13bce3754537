package io.telemetra.projection.parking;

/** The parked event failed again for the reason it was parked; it stays parked with the new detail. */
class ParkedEventUnprocessableException extends RuntimeException {

    ParkedEventUnprocessableException(long id, String reason) {
        super("Parked event " + id + " is " + reason);
    }
}
