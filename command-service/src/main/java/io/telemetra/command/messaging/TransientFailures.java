package io.telemetra.command.messaging;

import jakarta.persistence.PersistenceException;
import org.apache.kafka.common.KafkaException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import java.sql.SQLException;

/**
 * Failures that trying again later can cure: the database or the broker unreachable, a transaction that could not
 * start or commit, a concurrent writer. Anything else (a bug, a stream that cannot be read) fails the same way every
 * time, so retrying it would only block the partition behind it.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof DataAccessException
                    || cause instanceof TransactionException || cause instanceof PersistenceException
                    || cause instanceof EventStoreException || cause instanceof AxonTransientException
                    || cause instanceof ConcurrencyException || cause instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }
}
