package io.telemetra.command.telemetry;

import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records several devices' readings in one unit of work and one database transaction: one
 * {@link RecordReadingsCommand} per device, each handled in a unit of work nested in the batch's, so every device's
 * events are appended together, in one JDBC batch, at one commit (one fsync for the whole batch instead of one per
 * device: with many devices and few readings each, that is most of the cost of ingestion).
 * <p>
 * A refused command (unknown device, decommissioned) rolls back only its own nested unit of work, which has written
 * nothing yet: the others are still committed. Any other failure rolls the whole batch back and is thrown; sending it
 * again is safe because the devices recognise the readings they already recorded. Commands run in device id order, so
 * two batches that share devices take their locks in the same order and cannot deadlock.
 */
public class ReadingsDispatcher {

    private final CommandGateway commandGateway;
    private final TransactionManager transactionManager;
    private final Function<RuntimeException, Optional<CommandRefusal>> refusals;

    /**
     * @param refusals which command failures are refusals to report per device; any other failure fails the batch
     */
    public ReadingsDispatcher(CommandGateway commandGateway, TransactionManager transactionManager,
                              Function<RuntimeException, Optional<CommandRefusal>> refusals) {
        this.commandGateway = commandGateway;
        this.transactionManager = transactionManager;
        this.refusals = refusals;
    }

    /**
     * @param metadata added to every command (e.g. the principal of a channel without a security context)
     * @return the refusal of each refused device's command, by device id; devices not in it had every reading stored
     * @throws RuntimeException the first failure that is not a refusal (database down...): nothing of the batch is
     *                          stored
     */
    public Map<String, CommandRefusal> dispatch(Collection<RecordReadingsCommand> commands, Map<String, ?> metadata) {
        List<RecordReadingsCommand> inLockOrder = commands.stream()
                .sorted(Comparator.comparing(RecordReadingsCommand::deviceId))
                .toList();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage(inLockOrder));
        Map<String, CommandRefusal> refused = new LinkedHashMap<>();
        try {
            batch.attachTransaction(transactionManager);
            for (RecordReadingsCommand command : inLockOrder) {
                send(command, metadata).ifPresent(refusal -> refused.put(command.deviceId(), refusal));
            }
        } catch (RuntimeException failure) {
            batch.rollback(failure);
            throw failure;
        }
        batch.commit();
        return refused;
    }

    /** Handled on this thread by the local command bus, so its unit of work nests in the batch's. */
    private Optional<CommandRefusal> send(RecordReadingsCommand command, Map<String, ?> metadata) {
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(refusals.apply(e).orElseThrow(() -> e));
        }
    }
}
