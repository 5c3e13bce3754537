package io.telemetra.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.web.ProblemResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

import static io.telemetra.api.error.ErrorCode.ALERT_NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.ALERT_RESOLVED;
import static io.telemetra.api.error.ErrorCode.DEVICE_DECOMMISSIONED;
import static io.telemetra.api.error.ErrorCode.DEVICE_NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.MALFORMED_REQUEST;
import static io.telemetra.api.error.ErrorCode.SERVICE_UNAVAILABLE;
import static io.telemetra.api.error.ErrorCode.STORE_UNAVAILABLE;
import static io.telemetra.api.error.ErrorCode.VALIDATION_FAILED;

/** The API description at /v3/api-docs (and Swagger UI at /swagger-ui.html): every operation needs a bearer JWT. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";

    /** Besides 401 and 403, which every call may get; OpenApiIT checks that each key names an endpoint. */
    static final Map<String, List<ErrorCode>> REFUSALS = Map.ofEntries(
            Map.entry("GET /api/devices", List.of(VALIDATION_FAILED, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}", List.of(DEVICE_NOT_FOUND, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/rules", List.of(DEVICE_NOT_FOUND, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/readings", List.of(VALIDATION_FAILED, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/commands", List.of(VALIDATION_FAILED, DEVICE_NOT_FOUND,
                    STORE_UNAVAILABLE)),
            Map.entry("GET /api/alerts", List.of(VALIDATION_FAILED, STORE_UNAVAILABLE)),
            Map.entry("GET /api/fleet/summary", List.of(STORE_UNAVAILABLE)),
            Map.entry("GET /api/stream", List.of(SERVICE_UNAVAILABLE)),
            // Forwarded to command-service, whose answers come back unchanged; SERVICE_UNAVAILABLE when it does not
            // answer.
            Map.entry("POST /api/devices/{deviceId}/commands", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED, SERVICE_UNAVAILABLE, STORE_UNAVAILABLE)),
            Map.entry("POST /api/devices/{deviceId}/alerts/{alertId}/acknowledge", List.of(VALIDATION_FAILED,
                    MALFORMED_REQUEST, DEVICE_NOT_FOUND, ALERT_NOT_FOUND, ALERT_RESOLVED, SERVICE_UNAVAILABLE,
                    STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/history", List.of(VALIDATION_FAILED, SERVICE_UNAVAILABLE,
                    STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/state", List.of(VALIDATION_FAILED, DEVICE_NOT_FOUND,
                    SERVICE_UNAVAILABLE, STORE_UNAVAILABLE)));

    @Bean
    OpenAPI queryServiceOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Telemetra query-service")
                        .description("Read models of the device fleet: devices, time series, alerts, device"
                                + " commands, fleet summary and the live stream. Roles operator, auditor or admin. Errors are RFC 9457 problem"
                                + " details with a stable code and, for a bad parameter, its name in field.")
                        .version("v1"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer queryServiceProblems() {
        return ProblemResponses.customizer(REFUSALS);
    }
}
