package io.telemetra.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.testsupport.RestartablePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read models' PostgreSQL really stopped and started again under the running service every integration test
 * shares: it must come back by itself.
 */
@QueryServiceIntegrationTest
class StoreOutageIT {

    @Autowired
    private Api api;

    @Autowired
    private RestartablePostgres postgres;

    /** The tests after this one find the service answering again, whatever happened here. */
    @AfterEach
    void databaseBack() {
        postgres.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/devices").getStatusCode() == HttpStatus.OK);
    }

    @Test
    void whileTheDatabaseIsDownQueriesAre503WithRetryAfterAndAnswerAgainOnceItIsBack() throws Exception {
        assertThat(api.get("/api/devices").getStatusCode()).isEqualTo(HttpStatus.OK);

        postgres.stop();

        for (String path : new String[] {"/api/devices", "/api/fleet/summary", "/api/alerts"}) {
            ResponseEntity<String> response = api.get(path);
            assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            JsonNode problem = new ObjectMapper().readTree(response.getBody());
            assertThat(problem.path("code").asText()).as(path).isEqualTo("STORE_UNAVAILABLE");
        }

        postgres.restart();

        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/devices").getStatusCode() == HttpStatus.OK);
        assertThat(api.get("/api/fleet/summary").getStatusCode()).isEqualTo(HttpStatus.OK);
    }
}
