package io.telemetra.command.telemetry;

import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Records several devices' readings at once: one {@link RecordReadingsCommand} per device (one unit of work, one
 * transaction), sent concurrently by a fixed number of threads, and returns once every command has been stored or
 * refused. Two batches for the same device never interleave: the aggregate's lock serialises them.
 */
public class ReadingsDispatcher implements AutoCloseable {

    private final CommandGateway commandGateway;
    private final Function<RuntimeException, Optional<CommandRefusal>> refusals;
    private final ExecutorService threads;
    private final Executor executor;

    /**
     * @param refusals which command failures are refusals to report per device; any other failure fails the batch
     */
    public ReadingsDispatcher(CommandGateway commandGateway, Function<RuntimeException, Optional<CommandRefusal>> refusals,
                              String threadNamePrefix, int concurrency) {
        this.commandGateway = commandGateway;
        this.refusals = refusals;
        this.threads = Executors.newFixedThreadPool(concurrency, new CustomizableThreadFactory(threadNamePrefix));
        // The caller's security context goes along, so that each command names the caller as its principal.
        this.executor = new DelegatingSecurityContextExecutor(threads);
    }

    /**
     * @param metadata added to every command (e.g. the principal of a channel without a security context)
     * @return the refusal of each refused device's command, by device id; devices not in it had every reading stored
     * @throws RuntimeException the first failure that is not a refusal (database down...), once every command is done:
     *                          the commands that succeeded stay stored, and sending the whole batch again is safe
     *                          because the devices recognise the readings they already recorded
     */
    public Map<String, CommandRefusal> dispatch(Collection<RecordReadingsCommand> commands, Map<String, ?> metadata) {
        List<CompletableFuture<Optional<CommandRefusal>>> sent = commands.stream()
                .map(command -> CompletableFuture.supplyAsync(() -> send(command, metadata), executor))
                .toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).exceptionally(failure -> null).join();
        Map<String, CommandRefusal> refused = new LinkedHashMap<>();
        int i = 0;
        for (RecordReadingsCommand command : commands) {
            try {
                sent.get(i++).join().ifPresent(refusal -> refused.put(command.deviceId(), refusal));
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return refused;
    }

    /** Lets the commands in flight finish: their senders are waiting for the outcome. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }

    private Optional<CommandRefusal> send(RecordReadingsCommand command, Map<String, ?> metadata) {
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(refusals.apply(e).orElseThrow(() -> e));
        }
    }
}
