package io.telemetra.query.web;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.web.PlatformProblemDetails;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.Duration;
import java.time.Instant;

/**
 * query-service's refusals as problem details: a refused parameter is named in {@code field}; everything else as every
 * service answers it (see {@link PlatformProblemDetails}).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends PlatformProblemDetails {

    ProblemDetailsAdvice(@Value("${telemetra.web.retry-after:5s}") Duration retryAfter) {
        super(retryAfter);
    }

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

    private static String expectation(Class<?> type) {
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2026-03-01T12:00:00Z";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        return "a " + type.getSimpleName();
    }
}
