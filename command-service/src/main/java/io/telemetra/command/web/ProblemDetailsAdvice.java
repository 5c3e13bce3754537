package io.telemetra.command.web;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.messaging.CommandRefusal;
import io.telemetra.command.validation.InvalidRequestException;
import io.telemetra.web.PlatformProblemDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Duration;

/**
 * command-service's refusals as problem details: invalid requests name the offending {@code field}, the Device's
 * refusals keep their code; everything else as every service answers it (see {@link PlatformProblemDetails}).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends PlatformProblemDetails {

    ProblemDetailsAdvice(@Value("${telemetra.web.retry-after:5s}") Duration retryAfter) {
        super(retryAfter);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException e) {
        return respond(problem(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty(FIELD, e.field());
        }
        return respond(problem);
    }

    /**
     * A refusal by the aggregate: a {@code DomainException} as thrown on this JVM, or any command failure whose details
     * name an {@link ErrorCode} (what a distributed command bus delivers). Anything else is unexpected.
     */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> refused(CommandExecutionException e) {
        return CommandRefusal.codeOf(e)
                .map(code -> respond(problem(code, e.getMessage())))
                .orElseGet(() -> unexpected(e));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> deviceNotFound(AggregateNotFoundException e) {
        return respond(problem(ErrorCode.DEVICE_NOT_FOUND, "device " + e.getAggregateIdentifier() + " is not registered"));
    }

    /** The event store refused a second stream for the same id: the device exists already. */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<Object> deviceAlreadyRegistered(AggregateStreamCreationException e) {
        return respond(problem(ErrorCode.DEVICE_ALREADY_REGISTERED, "a device with this id is already registered"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrentModification(ConcurrencyException e) {
        return respond(problem(ErrorCode.CONCURRENT_MODIFICATION,
                "the device was changed concurrently; retry the request"));
    }
}
