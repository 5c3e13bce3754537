package io.telemetra.projection.parking;

class ParkedEventNotFoundException extends RuntimeException {

    ParkedEventNotFoundException(long id) {
        super("No parked event " + id);
    }
}
