package io.telemetra.command.audit;

import io.telemetra.api.error.ErrorCode;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The audit endpoints' own refusals; everything else goes to the service-wide problem-details advice. */
@RestControllerAdvice(assignableTypes = AuditController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblems {

    @ExceptionHandler(DeviceNotFoundException.class)
    ProblemDetail deviceNotFound(DeviceNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setProperty("code", ErrorCode.DEVICE_NOT_FOUND.name());
        return problem;
    }
}
