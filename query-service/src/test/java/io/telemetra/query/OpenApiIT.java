package io.telemetra.query;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QueryServiceIntegrationTest
class OpenApiIT {

    @Autowired
    TestRestTemplate http;

    @Test
    void theApiDescriptionIsOpenAndListsTheReadEndpointsWithBearerSecurity() {
        ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<Map<String, Object>>read(response.getBody(), "$.paths")).containsKeys(
                "/api/devices", "/api/devices/{deviceId}", "/api/devices/{deviceId}/readings", "/api/fleet/summary",
                "/api/alerts", "/api/devices/{deviceId}/commands", "/api/stream");
        assertThat(JsonPath.<String>read(response.getBody(), "$.components.securitySchemes.bearer.scheme"))
                .isEqualTo("bearer");
    }

    @Test
    void swaggerUiIsServed() {
        ResponseEntity<String> response = http.getForEntity("/swagger-ui/index.html", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("swagger-ui");
        assertThat(http.getForEntity("/swagger-ui.html", String.class).getStatusCode().is2xxSuccessful()).isTrue();
    }
}
