package io.telemetra.command.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Runs a command (or a whole submission of them) again when it lost a race with another instance writing the same
 * device: its events took sequence numbers another instance had just stored (the stream head refused them,
 * {@link ConcurrencyException}), or PostgreSQL broke a deadlock or serialization conflict between the two. The failed
 * attempt stored nothing and its cached devices were evicted, so the next attempt decides on what is stored. Anything
 * else, and a conflict that outlasts every attempt, is thrown as it came.
 */
@Component
public class ConflictRetry {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);
    /** Attempts in all: another instance wins a race for a device for the length of one transaction at most. */
    static final int ATTEMPTS = 5;
    private static final long PAUSE_MILLIS = 10;
    /** PostgreSQL's class 40, transaction rollback: serialization failure, deadlock detected. */
    private static final String TRANSACTION_ROLLBACK = "40";

    private final Counter retried;
    private final Counter givenUp;

    public ConflictRetry(MeterRegistry meterRegistry) {
        retried = counter(meterRegistry, "retried");
        givenUp = counter(meterRegistry, "given_up");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("telemetra.commands.conflicts")
                .description("Commands that lost a race for a device with another instance, by what happened next")
                .tag("outcome", outcome)
                .register(registry);
    }

    public <T> T call(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException failure) {
                if (!isConflict(failure)) {
                    throw failure;
                }
                if (n == ATTEMPTS) {
                    givenUp.increment();
                    throw failure;
                }
                retried.increment();
                log.debug("Lost a race for a device with another writer (attempt {} of {}), trying again: {}", n,
                        ATTEMPTS, failure.toString());
                pause(n);
            }
        }
    }

    public void run(Runnable attempt) {
        call(() -> {
            attempt.run();
            return null;
        });
    }

    /** A lost race: trying again decides on fresher state. A second registration of an id is no race. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(TRANSACTION_ROLLBACK)) {
                return true;
            }
        }
        return false;
    }

    /** Spread out, so that two instances racing for the same device do not meet again at once. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(PAUSE_MILLIS * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
