package io.telemetra.query;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's shell is served without a token; what it shows comes from the secured API (a browser test follows). */
@QueryServiceIntegrationTest
class FleetPageIT {

    @Autowired
    TestRestTemplate http;

    @Test
    void theFleetPageIsServedAtTheRootWithoutAToken() {
        ResponseEntity<String> page = http.getForEntity("/", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.TEXT_HTML)).isTrue());
        assertThat(page.getBody()).contains("<title>Telemetra fleet</title>", "new EventSource(",
                "/api/fleet/summary", "sessionStorage");
    }
}
