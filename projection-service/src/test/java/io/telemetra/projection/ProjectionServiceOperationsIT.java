package io.telemetra.projection;

import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionServiceIntegrationTest
class ProjectionServiceOperationsIT {

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
    void prometheusExposesTheProjectionAndConsumerMetrics() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("telemetra_projection_events_total", "telemetra_projection_lag_seconds",
                "telemetra_projection_records_unprocessable_total", "kafka_consumer_");
    }
}
