package io.telemetra.jobs;

import io.telemetra.api.error.ErrorCode;
import io.telemetra.web.PlatformProblemDetails;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The refusals of every job endpoint as problem details; the rest goes to the service's own advice. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class JobProblems {

    @ExceptionHandler(JobAlreadyRunningException.class)
    ProblemDetail alreadyRunning(JobAlreadyRunningException e) {
        return PlatformProblemDetails.problem(ErrorCode.JOB_ALREADY_RUNNING, e.getMessage());
    }

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return PlatformProblemDetails.problem(ErrorCode.NOT_FOUND, e.getMessage());
    }
}
