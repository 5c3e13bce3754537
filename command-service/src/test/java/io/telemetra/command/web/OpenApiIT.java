package io.telemetra.command.web;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.command.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiIT extends IntegrationTestBase {

    @Test
    void theApiDescriptionIsOpenAndListsEveryEndpointWithItsBodyAndTheProblemsItMayAnswer() {
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
                "$.paths['/api/devices/{deviceId}/commands'].post.requestBody.content['application/json'].schema.$ref"))
                .endsWith("/IssueDeviceCommandRequest");
        assertThat(JsonPath.<List<String>>read(api,
                "$.paths['/api/devices/{deviceId}/commands'].post.parameters[*].name")).contains("Idempotency-Key");
        assertThat(JsonPath.<String>read(api,
                "$.paths['/api/devices/{deviceId}/commands'].post.responses['409'].description"))
                .contains("DEVICE_DECOMMISSIONED");
        assertThat(JsonPath.<String>read(api, "$.paths['/api/devices'].post.responses['401'].content"
                + "['application/problem+json'].schema.$ref")).isEqualTo("#/components/schemas/Problem");
        assertThat(JsonPath.<List<String>>read(api, "$.components.schemas.Problem.properties.code.enum"))
                .contains("DEVICE_NOT_FOUND", "VALIDATION_FAILED");
        assertThat(JsonPath.<String>read(api, "$.components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
    }

    @Test
    void swaggerUiIsServed() {
        ResponseEntity<String> response = http.getForEntity("/swagger-ui/index.html", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("swagger-ui");
    }
}
