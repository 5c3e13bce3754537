package io.telemetra.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.telemetra.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The part of every service's {@code @RestControllerAdvice} that is the same everywhere: each error is an RFC 9457
 * problem detail with a stable {@code code} (an {@link ErrorCode} name). Spring MVC's own exceptions keep their status
 * and get a code (and, for a body that does not bind, the {@code field} Jackson stopped at); a database that cannot
 * serve now is {@code 503 STORE_UNAVAILABLE} with {@code Retry-After}, whatever wraps it; anything else is a bug: a
 * {@code 500 INTERNAL_ERROR} that leaks nothing and is logged with its stack trace. A service extends this class with
 * the handlers of its own exceptions and routes what it does not recognise to {@link #unexpected}.
 */
public abstract class PlatformProblemDetails extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(PlatformProblemDetails.class);
    protected static final String CODE = "code";
    protected static final String FIELD = "field";

    private final Duration retryAfter;

    /** @param retryAfter what a 503 tells the caller to wait before trying again */
    protected PlatformProblemDetails(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /**
     * Rethrown, so that Spring Security answers it (401 or 403 as problem details) instead of the catch-all below
     * turning a refusal into a 500.
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    public void securityRefusal(RuntimeException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e) {
        if (StoreOutages.isOutage(e)) {
            log.warn("Request refused, the database cannot serve now: {}", causes(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())))
                    .body(problem(ErrorCode.STORE_UNAVAILABLE, "the database cannot serve now; retry later"));
        }
        log.error("Request failed", e);
        return respond(problem(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey(CODE))) {
            problem.setProperty(CODE, codeFor(statusCode).name());
            if (ex instanceof HttpMessageNotReadableException && ex.getCause() instanceof JsonMappingException mapping
                    && !mapping.getPath().isEmpty()) {
                problem.setProperty(FIELD, JsonPaths.of(mapping));
            }
        }
        return response;
    }

    public static ProblemDetail problem(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        problem.setProperty(CODE, code.name());
        return problem;
    }

    public static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
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

    private static String causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause)
                .map(Throwable::toString).collect(Collectors.joining(" <- "));
    }
}
