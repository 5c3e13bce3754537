package io.telemetra.projection.rebuild;

import io.telemetra.api.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The refusals of the rebuild endpoints as problem details. */
@RestControllerAdvice(assignableTypes = RebuildController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RebuildProblems {

    @ExceptionHandler(RebuildAlreadyRunningException.class)
    ProblemDetail alreadyRunning(RebuildAlreadyRunningException e) {
        return problem(HttpStatus.CONFLICT, ErrorCode.JOB_ALREADY_RUNNING, e.getMessage());
    }

    @ExceptionHandler(RebuildNotFoundException.class)
    ProblemDetail notFound(RebuildNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code.name());
        return problem;
    }
}
