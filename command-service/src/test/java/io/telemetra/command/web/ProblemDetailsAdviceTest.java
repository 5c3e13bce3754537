package io.telemetra.command.web;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAdviceTest {

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(Duration.ofSeconds(7));

    @Test
    void aDomainRefusalKeepsItsCodeAndStatus() {
        assertProblem(advice.refused(new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "decommissioned")),
                409, "DEVICE_DECOMMISSIONED");
    }

    @Test
    void aCommandFailureWhoseDetailsNameACodeKeepsThatCode() {
        assertProblem(advice.refused(new CommandExecutionException("decommissioned", null, "DEVICE_DECOMMISSIONED")),
                409, "DEVICE_DECOMMISSIONED");
    }

    @Test
    void aCommandFailureWithoutACodeIsUnexpected() {
        assertProblem(advice.refused(new CommandExecutionException("boom", new IllegalStateException())),
                500, "INTERNAL_ERROR");
    }

    @Test
    void anInvalidRequestNamesTheOffendingField() {
        ResponseEntity<Object> response = advice.invalidRequest(
                InvalidRequestException.invalid("readings[2].value", "readings[2].value is required"));

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(((ProblemDetail) response.getBody()).getProperties()).containsEntry("field", "readings[2].value");
    }

    @Test
    void anUnknownAggregateIsAnUnknownDevice() {
        assertProblem(advice.deviceNotFound(new AggregateNotFoundException("pump-1", "not found")),
                404, "DEVICE_NOT_FOUND");
    }

    @Test
    void anUnreachableDatabaseIsAStoreUnavailableToRetryLater() {
        ResponseEntity<Object> response = advice.unexpected(new CannotCreateTransactionException("no connection"));

        assertProblem(response, 503, "STORE_UNAVAILABLE");
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("7");
    }

    @Test
    void aCommandFailureCausedByADatabaseOutageIsAStoreUnavailable() {
        assertProblem(advice.refused(new CommandExecutionException("append failed",
                new SQLException("terminating connection due to administrator command", "57P01"))),
                503, "STORE_UNAVAILABLE");
    }

    @Test
    void anUnexpectedFailureLeaksNoDetail() {
        ResponseEntity<Object> response = advice.unexpected(new IllegalStateException("secret internals"));

        assertProblem(response, 500, "INTERNAL_ERROR");
        assertThat(((ProblemDetail) response.getBody()).getDetail()).doesNotContain("secret");
    }

    private static void assertProblem(ResponseEntity<Object> response, int status, String code) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getProperties()).containsEntry("code", code);
    }
}
