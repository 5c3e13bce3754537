package io.telemetra.command.republish;

import io.telemetra.api.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The re-publication endpoints' own refusals; everything else goes to the service-wide problem-details advice. */
@RestControllerAdvice(assignableTypes = RepublishController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RepublishProblems {

    @ExceptionHandler(JobAlreadyRunningException.class)
    ProblemDetail alreadyRunning(JobAlreadyRunningException e) {
        return problem(HttpStatus.CONFLICT, ErrorCode.JOB_ALREADY_RUNNING, e.getMessage());
    }

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code.name());
        return problem;
    }
}
