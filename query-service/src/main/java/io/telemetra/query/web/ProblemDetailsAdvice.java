package io.telemetra.query.web;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Instant;
import java.util.Optional;

/**
 * Every error of query-service as an RFC 9457 problem detail with the stable {@code code} of {@link ErrorCode}. Extends
 * Spring MVC's handler so that framework errors (bad parameters, unsupported media types) get the same shape.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String CODE = "code";
    private static final String FIELD = "field";

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        return problem(e.code(), e.getMessage());
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = problem(ErrorCode.VALIDATION_FAILED, e.getMessage());
        problem.setProperty(FIELD, e.parameter());
        return problem;
    }

    /** A parameter that does not convert, such as {@code from=yesterday}: named, with what was expected. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String parameter = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another value" : expectation(ex.getRequiredType());
        ProblemDetail problem = problem(ErrorCode.VALIDATION_FAILED,
                "Parameter '%s' must be %s, got '%s'".formatted(parameter, expected, ex.getValue()));
        problem.setProperty(FIELD, parameter);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        ProblemDetail problem = problem(ErrorCode.VALIDATION_FAILED,
                "Parameter '%s' is required".formatted(ex.getParameterName()));
        problem.setProperty(FIELD, ex.getParameterName());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ProblemDetail databaseUnavailable(Exception e) {
        log.warn("Read model unavailable: {}", e.getMessage());
        return problem(ErrorCode.SERVICE_UNAVAILABLE, "The read model is temporarily unavailable");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected error", e);
        return problem(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey(CODE))) {
            codeFor(statusCode).ifPresent(code -> problem.setProperty(CODE, code.name()));
        }
        return response;
    }

    private static String expectation(Class<?> type) {
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-03-01T12:00:00Z";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        return "a " + type.getSimpleName();
    }

    private static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        problem.setProperty(CODE, code.name());
        return problem;
    }

    /** Framework errors, mapped by status. */
    private static Optional<ErrorCode> codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400, 406 -> Optional.of(ErrorCode.MALFORMED_REQUEST);
            case 404 -> Optional.of(ErrorCode.NOT_FOUND);
            case 405 -> Optional.of(ErrorCode.METHOD_NOT_ALLOWED);
            case 415 -> Optional.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            case 413 -> Optional.of(ErrorCode.PAYLOAD_TOO_LARGE);
            case 503 -> Optional.of(ErrorCode.SERVICE_UNAVAILABLE);
            default -> status.is5xxServerError() ? Optional.of(ErrorCode.INTERNAL_ERROR)
                    : Optional.empty();
        };
    }
}
