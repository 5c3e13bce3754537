package io.telemetra.load;

import java.time.Duration;

/** The simulated devices' end of their commands: each delivery received, and answered ACCEPTED then COMPLETED. */
interface CommandAnswers extends AutoCloseable {

    /** Starts listening; @return whether no command issued from now on can be missed (within {@code timeout}) */
    boolean start(Duration timeout) throws InterruptedException;

    /** Where the commands come from and the answers go, for the console. */
    String where();

    /** Commands to the fleet's devices seen so far (deliveries: a redelivery counts again). */
    long received();

    /** Deliveries answered ACCEPTED and COMPLETED. */
    long answered();

    /** Deliveries of commands the platform had closed (timed out) before the answer came, where the channel says. */
    long late();

    long errors();

    String errorSummary();

    /** Stops listening, then lets the answers under way finish (for at most {@code grace}). */
    void close(Duration grace) throws InterruptedException;

    @Override
    void close() throws InterruptedException;
}
