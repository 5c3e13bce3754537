package io.telemetra.projection.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.web.ProblemResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

import static io.telemetra.api.error.ErrorCode.EVENT_UNPROCESSABLE;
import static io.telemetra.api.error.ErrorCode.JOB_ALREADY_RUNNING;
import static io.telemetra.api.error.ErrorCode.NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.PARKED_EVENT_NOT_APPLICABLE;
import static io.telemetra.api.error.ErrorCode.STORE_UNAVAILABLE;
import static io.telemetra.api.error.ErrorCode.VALIDATION_FAILED;

/**
 * The API description at /v3/api-docs (Swagger UI at /swagger-ui.html) of the admin endpoints: parked events and
 * rebuilds, with the problem details each may answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Besides 401 and 403, which every call may get; OpenApiIT checks that each key names an endpoint. */
    static final Map<String, List<ErrorCode>> REFUSALS = Map.of(
            "GET /api/admin/parked-events", List.of(VALIDATION_FAILED, STORE_UNAVAILABLE),
            "POST /api/admin/parked-events/{id}/retry", List.of(NOT_FOUND, PARKED_EVENT_NOT_APPLICABLE,
                    EVENT_UNPROCESSABLE, STORE_UNAVAILABLE),
            "POST /api/admin/parked-events/{id}/skip", List.of(NOT_FOUND, PARKED_EVENT_NOT_APPLICABLE,
                    STORE_UNAVAILABLE),
            "POST /api/admin/rebuild", List.of(JOB_ALREADY_RUNNING),
            "GET /api/admin/rebuild/{rebuildId}", List.of(NOT_FOUND));

    @Bean
    OpenAPI projectionServiceOpenApi() {
        return new OpenAPI().info(new Info().title("Telemetra projection-service")
                .description("Administration of the read models: events that could not be applied (parked), retried"
                        + " or skipped by an admin, and rebuilds of every read model from the event history. Role"
                        + " admin. Errors are RFC 9457 problem details with a stable code.")
                .version("v1"));
    }

    @Bean
    OpenApiCustomizer projectionServiceProblems() {
        return ProblemResponses.customizer(REFUSALS);
    }
}
