package io.telemetra.projection.parking;

import io.telemetra.api.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The refusals of the parked-event endpoints as problem details. */
@RestControllerAdvice(assignableTypes = ParkedEventController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ParkedEventProblems {

    @ExceptionHandler(ParkedEventNotFoundException.class)
    ProblemDetail notFound(ParkedEventNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND.name(), e.getMessage());
    }

    @ExceptionHandler(ParkedEventNotApplicableException.class)
    ProblemDetail notApplicable(ParkedEventNotApplicableException e) {
        return problem(HttpStatus.CONFLICT, ErrorCode.PARKED_EVENT_NOT_APPLICABLE.name(), e.getMessage());
    }

    @ExceptionHandler(ParkedEventUnprocessableException.class)
    ProblemDetail unprocessable(ParkedEventUnprocessableException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, ErrorCode.EVENT_UNPROCESSABLE.name(), e.getMessage());
    }

    @ExceptionHandler(InvalidPagingException.class)
    ProblemDetail invalidPaging(InvalidPagingException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED.name(), e.getMessage());
        problem.setProperty("field", e.parameter());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return problem;
    }
}
