package io.telemetra.query;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

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
        http.getForEntity("/api/devices/any", String.class);

        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("http_server_requests_seconds", "hikaricp_connections");
    }
}
