package io.telemetra.query;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class QueryServiceOperationsIT {

    @Autowired
    TestRestTemplate http;

    @Test
    void theLivenessAndReadinessProbesAreUp() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<String> response = http.getForEntity(probe, String.class);
            assertThat(response.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
            assertThat(response.getBody()).as(probe).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void prometheusExposesHttpAndConnectionPoolMetrics() {
        http.exchange("/api/devices/any", HttpMethod.GET, bearer(TestTokens.operator()), String.class);

        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("http_server_requests_seconds", "hikaricp_connections");
    }

    @Test
    void anUnknownPathIsA404ProblemWithItsCode() {
        ResponseEntity<String> response = http.exchange("/api/nothing-here", HttpMethod.GET,
                bearer(TestTokens.operator()), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody()).contains("\"code\":\"NOT_FOUND\"");
    }
}
