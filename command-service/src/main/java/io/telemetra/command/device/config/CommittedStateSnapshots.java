package io.telemetra.command.device.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Executor;

/**
 * Snapshots taken from the state a command has just committed instead of by replaying events. Axon's snapshotter reads
 * back every event since the last snapshot and applies it once more, which costs about as much CPU per event as the
 * command that stored it; the aggregate a command leaves behind is exactly what those events fold to. So once an
 * aggregate has applied {@code threshold} events since it was loaded or last snapshotted (Axon's event-count rule), its
 * root is copied with the snapshot serializer after the commit, while the command still holds the aggregate's lock, and
 * the copy is stored on the snapshot executor. A snapshot is an optimisation: one the executor has no room for is
 * skipped, and the next {@code threshold} events take another.
 * <p>
 * A load that replayed {@code threshold} events or more and then rolled back (a refused command) leaves no committed
 * state to copy; that aggregate is snapshotted by {@code replaying}, Axon's snapshotter, so that refusals do not replay
 * a long history again and again.
 */
final class CommittedStateSnapshots implements SnapshotTriggerDefinition {

    private static final Logger log = LoggerFactory.getLogger(CommittedStateSnapshots.class);

    private final int threshold;
    private final Serializer serializer;
    private final EventStore eventStore;
    private final TransactionManager transactionManager;
    private final Executor executor;
    private final Snapshotter replaying;

    CommittedStateSnapshots(int threshold, Serializer serializer, EventStore eventStore,
                            TransactionManager transactionManager, Executor executor, Snapshotter replaying) {
        this.threshold = threshold;
        this.serializer = serializer;
        this.eventStore = eventStore;
        this.transactionManager = transactionManager;
        this.executor = executor;
        this.replaying = replaying;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new EventCount(aggregateType, threshold, this);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof EventCount count) {
            count.snapshots = this;
        }
        return trigger;
    }

    /**
     * The repository saves {@code aggregate} in its command's unit of work, under its lock: if it is due, its state is
     * copied once that unit of work has committed (and before it releases the lock).
     */
    <T> void saved(EventSourcedAggregate<T> aggregate) {
        if (aggregate.getSnapshotTrigger() instanceof EventCount count && count.due() && !aggregate.isDeleted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> copy(aggregate, count));
        }
    }

    private <T> void copy(EventSourcedAggregate<T> aggregate, EventCount count) {
        // Several units of work of one submission may have saved the aggregate: the first copy after them serves all.
        if (!count.due()) {
            return;
        }
        count.reset();
        String type = aggregate.type();
        String identifier = aggregate.identifierAsString();
        long sequenceNumber = aggregate.version();
        SerializedObject<byte[]> state = serializer.serialize(aggregate.getAggregateRoot(), byte[].class);
        executor.execute(() -> store(type, identifier, sequenceNumber, state));
    }

    private void store(String type, String identifier, long sequenceNumber, SerializedObject<byte[]> state) {
        try {
            transactionManager.executeInTransaction(() -> eventStore.storeSnapshot(
                    new GenericDomainEventMessage<>(type, identifier, sequenceNumber, serializer.deserialize(state))));
        } catch (ConcurrencyException stored) {
            log.debug("A snapshot of {} up to event {} is stored already", identifier, sequenceNumber);
        } catch (RuntimeException failure) {
            log.warn("No snapshot of {} up to event {}: {}", identifier, sequenceNumber, failure.toString());
        }
    }

    /** Counts the events an aggregate applied, loaded or new, since it was loaded or last snapshotted. */
    static final class EventCount implements SnapshotTrigger, Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final Class<?> aggregateType;
        private final int threshold;
        private transient CommittedStateSnapshots snapshots;
        private String aggregateIdentifier;
        private int applied;

        private EventCount(Class<?> aggregateType, int threshold, CommittedStateSnapshots snapshots) {
            this.aggregateType = aggregateType;
            this.threshold = threshold;
            this.snapshots = snapshots;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> event) {
                aggregateIdentifier = event.getAggregateIdentifier();
                applied++;
            }
        }

        @Override
        public void initializationFinished() {
            if (due() && CurrentUnitOfWork.isStarted()) {
                String identifier = aggregateIdentifier;
                CurrentUnitOfWork.get().onRollback(
                        unitOfWork -> snapshots.replaying.scheduleSnapshot(aggregateType, identifier));
            }
        }

        boolean due() {
            return applied >= threshold;
        }

        void reset() {
            applied = 0;
        }
    }
}
