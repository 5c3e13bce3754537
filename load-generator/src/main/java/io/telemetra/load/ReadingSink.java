package io.telemetra.load;

/** Where the driver hands readings over: a transport that sends them to the platform and counts the outcome. */
interface ReadingSink extends AutoCloseable {

    /** Hands one reading over; never blocks for long (open loop). */
    void send(PlannedReading reading);

    /** Readings handed over whose outcome is not known yet (queued here, or sent and unanswered). */
    long inFlight();

    /** Sends what is still queued, waits for the answers (within limits), and releases the transport; idempotent. */
    @Override
    void close();
}
