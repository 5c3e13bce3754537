package io.telemetra.projection.web;

import io.telemetra.web.PlatformProblemDetails;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.time.Duration;

/**
 * Errors of projection-service's endpoints as every service answers them (see {@link PlatformProblemDetails}); the
 * admin features add their own refusals (parked events, rebuilds).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends PlatformProblemDetails {

    ProblemDetailsAdvice(@Value("${telemetra.web.retry-after:5s}") Duration retryAfter) {
        super(retryAfter);
    }
}
