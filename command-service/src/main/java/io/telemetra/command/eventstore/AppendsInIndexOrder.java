package io.telemetra.command.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Axon's multi-row append, after taking the event table's append turn: a transaction-scoped advisory lock that every
 * appending transaction of every instance holds from its insert (where its {@code global_index}es are drawn) to its
 * commit. PostgreSQL makes a commit visible before it releases the committing transaction's locks, so events become
 * visible in {@code global_index} order and a tracking reader never sees an event past one still being committed.
 * <p>
 * Without the turn, appends drawing ids side by side commit in any order, and every reader that passes an id still
 * committing records it as a gap: with two ingestion threads, hundreds of gaps in every token, which Axon copies into
 * the token of every event it reads and sends along with every read query. Only a rolled-back append leaves a gap now.
 * The turn is held for an insert and a commit, so keep appending transactions short (every unit of work appends at its
 * end); the lock is named after the schema, so deployments sharing a database do not wait for each other.
 */
final class AppendsInIndexOrder implements AppendEventsStatementBuilder {

    static final String TAKE_TURN =
            "select pg_advisory_xact_lock(hashtext(current_schema() || '.domain_event_entry appends'))";

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        try (Statement turn = connection.createStatement()) {
            turn.execute(TAKE_TURN);
        }
        return JdbcEventStorageEngineStatements.appendEvents(connection, schema, dataType, events, serializer,
                timestampWriter);
    }
}
