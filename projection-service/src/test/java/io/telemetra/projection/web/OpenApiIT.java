package io.telemetra.projection.web;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionServiceIntegrationTest
class OpenApiIT {

    @Autowired
    TestRestTemplate http;

    @Test
    void theApiDescriptionIsOpenAndListsEveryAdminEndpointWithTheProblemsItMayAnswer() {
        ResponseEntity<String> response = http.getForEntity("/v3/api-docs", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        String api = response.getBody();
        Map<String, Map<String, Object>> paths = JsonPath.read(api, "$.paths");
        OpenApiConfiguration.REFUSALS.keySet().forEach(endpoint -> {
            String[] methodAndPath = endpoint.split(" ");
            assertThat(paths).as(endpoint).containsKey(methodAndPath[1]);
            assertThat(paths.get(methodAndPath[1])).as(endpoint)
                    .containsKey(methodAndPath[0].toLowerCase(Locale.ROOT));
        });
        assertThat(JsonPath.<String>read(api,
                "$.paths['/api/admin/parked-events/{id}/retry'].post.responses['422'].description"))
                .contains("EVENT_UNPROCESSABLE");
        assertThat(JsonPath.<String>read(api, "$.paths['/api/admin/rebuild'].post.responses['409'].description"))
                .contains("JOB_ALREADY_RUNNING");
        assertThat(JsonPath.<List<String>>read(api, "$.components.schemas.Problem.properties.code.enum"))
                .contains("PARKED_EVENT_NOT_APPLICABLE");
    }

    @Test
    void swaggerUiIsServed() {
        ResponseEntity<String> response = http.getForEntity("/swagger-ui/index.html", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("swagger-ui");
    }
}
