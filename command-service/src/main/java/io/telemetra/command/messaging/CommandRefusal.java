package io.telemetra.command.messaging;

import io.telemetra.api.error.ErrorCode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.Arrays;
import java.util.Optional;

/**
 * A command the Device refused for a reason the sender must be told (unknown device, decommissioned...), as opposed
 * to a failure to process it (database down), after which the sender should try again.
 */
public record CommandRefusal(ErrorCode code, String detail) {

    public static Optional<CommandRefusal> of(Throwable failure) {
        if (failure instanceof AggregateNotFoundException notFound) {
            return Optional.of(new CommandRefusal(ErrorCode.DEVICE_NOT_FOUND,
                    "device " + notFound.getAggregateIdentifier() + " is not registered"));
        }
        if (failure instanceof CommandExecutionException refused) {
            return codeOf(refused).map(code -> new CommandRefusal(code, refused.getMessage()));
        }
        return Optional.empty();
    }

    /** The code in a command failure's details: an {@link ErrorCode}, or its name after a distributed command bus. */
    public static Optional<ErrorCode> codeOf(CommandExecutionException failure) {
        return failure.getDetails().flatMap(details -> details instanceof ErrorCode code ? Optional.of(code)
                : Arrays.stream(ErrorCode.values()).filter(code -> code.name().equals(details)).findFirst());
    }
}
