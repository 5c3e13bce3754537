package io.telemetra.command.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.device.CommandRefusal;
import io.telemetra.command.validation.Fields;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of this service as an RFC 9457 problem detail with a stable {@code code} (an {@link ErrorCode} name) and,
 * for a refused request, the offending {@code field}. Spring MVC's own exceptions (unreadable body, unsupported media
 * type...) keep their status and get a code too.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /**
     * Rethrown, so that Spring Security answers it (401 or 403 as problem details) instead of the catch-all below
     * turning a refusal into a 500.
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void securityRefusal(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException e) {
        return respond(problem(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = problem(e.code(), e.getMessage());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return respond(problem);
    }

    /**
     * A refusal by the aggregate: a {@link DomainException} as thrown on this JVM, or any command failure whose details
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

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    ResponseEntity<Object> storeUnavailable(Exception e) {
        log.warn("Request refused, the event store is unavailable: {}", e.toString());
        return respond(problem(ErrorCode.SERVICE_UNAVAILABLE, "the event store is unavailable; retry later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Request failed", e);
        return respond(problem(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred"));
    }

    /**
     * Spring MVC's own exceptions: keep their status and detail, add the code, and for a body that does not bind (a
     * string where a number belongs...) the field Jackson stopped at.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("code", codeFor(statusCode).name());
            if (ex instanceof HttpMessageNotReadableException && ex.getCause() instanceof JsonMappingException mapping
                    && !mapping.getPath().isEmpty()) {
                problem.setProperty("field", Fields.pathOf(mapping));
            }
        }
        return response;
    }

    private static ErrorCode codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }

    private static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        problem.setProperty("code", code.name());
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
