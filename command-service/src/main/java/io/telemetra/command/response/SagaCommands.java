package io.telemetra.command.response;

import io.telemetra.command.messaging.TransientFailures;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the sagas send commands and what a failure means. The saga passes its {@link CommandGateway} (a handler
 * parameter) and waits for the result: on the local command bus the command is handled in the saga's own thread and
 * transaction, so its events are stored with the saga's state and token, or not at all.
 * <ul>
 *     <li>A transient failure (database, lock, concurrent writer, no result in time) is logged at WARN, counted, and
 *     thrown: the saga's unit of work rolls back. An event is then retried by the processor from its stored token
 *     ({@link SagaErrorHandler} propagates it); a deadline stays stored and db-scheduler fires it again after a
 *     back-off ({@code telemetra.deadlines.*}). The commands are idempotent, so a retry never does the work twice.</li>
 *     <li>A refusal (unknown or decommissioned device, no handler) would fail the same way on every try: it is logged
 *     at ERROR, counted, and returned to the saga, which decides what to do instead.</li>
 * </ul>
 */
@Component
public class SagaCommands {

    private static final Logger log = LoggerFactory.getLogger(SagaCommands.class);
    /** The local bus answers before send returns; this bounds a command bus that would not. */
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);

    private final ResponseMetrics metrics;

    public SagaCommands(ResponseMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Sends the command and waits for its result.
     *
     * @return empty when the command was handled, otherwise why it was refused for good
     * @throws RuntimeException the transient failure, for the saga's work to be retried
     */
    public Optional<String> dispatch(CommandGateway commandGateway, Object command) {
        CompletableFuture<Object> result = commandGateway.send(command);
        try {
            result.get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw retried(command, new CommandResultUnavailableException("interrupted while waiting for " + command, e));
        } catch (TimeoutException e) {
            throw retried(command, new CommandResultUnavailableException(
                    "no result for " + command + " within " + RESULT_TIMEOUT, e));
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (TransientFailures.isTransient(failure)) {
                throw retried(command, failure instanceof RuntimeException runtime ? runtime
                        : new CommandResultUnavailableException(command + " failed", failure));
            }
            log.error("{} was refused and will not be retried: {}", command, failure.toString());
            metrics.commandFailed(command, "refused");
            return Optional.of(String.valueOf(failure.getMessage()));
        }
    }

    private RuntimeException retried(Object command, RuntimeException failure) {
        log.warn("{} failed and will be retried: {}", command, failure.toString());
        metrics.commandFailed(command, "retried");
        return failure;
    }

    /** A command whose result did not come back: it may or may not have been handled, so it is sent again. */
    static final class CommandResultUnavailableException extends AxonTransientException {

        CommandResultUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
