package io.telemetra.command.web;

import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsIT extends IntegrationTestBase {

    @Test
    void livenessAndReadinessAreUp() {
        for (String probe : new String[]{"/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<String> response = http.getForEntity(probe, String.class);
            assertThat(response.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
            assertThat(json(response.getBody()).path("status").asText()).as(probe).isEqualTo("UP");
        }
    }

    @Test
    void prometheusExposesIngestionAndCommandMetrics() {
        register(newDeviceId());

        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("telemetra_readings_accepted_total").contains("commandBus");
    }

    @Test
    void anUnknownPathThatTheCallerMayReachIsANotFoundProblemDetail() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/admin/nothing-here", null, TestTokens.admin());

        assertProblem(response, HttpStatus.NOT_FOUND, "NOT_FOUND", null);
    }

    @Test
    void aPathNoRuleNamesIsDeniedEvenToAnAdmin() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/nothing-here", null, TestTokens.admin());

        assertProblem(response, HttpStatus.FORBIDDEN, "FORBIDDEN", null);
    }
}
