package io.telemetra.command.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.web.ProblemResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

import static io.telemetra.api.error.ErrorCode.ALERT_NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.ALERT_RESOLVED;
import static io.telemetra.api.error.ErrorCode.CONCURRENT_MODIFICATION;
import static io.telemetra.api.error.ErrorCode.DEVICE_ALREADY_REGISTERED;
import static io.telemetra.api.error.ErrorCode.DEVICE_COMMAND_CLOSED;
import static io.telemetra.api.error.ErrorCode.DEVICE_COMMAND_NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.DEVICE_DECOMMISSIONED;
import static io.telemetra.api.error.ErrorCode.DEVICE_NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.JOB_ALREADY_RUNNING;
import static io.telemetra.api.error.ErrorCode.MALFORMED_REQUEST;
import static io.telemetra.api.error.ErrorCode.NOT_FOUND;
import static io.telemetra.api.error.ErrorCode.PAYLOAD_TOO_LARGE;
import static io.telemetra.api.error.ErrorCode.READING_CONFLICT;
import static io.telemetra.api.error.ErrorCode.STORE_UNAVAILABLE;
import static io.telemetra.api.error.ErrorCode.VALIDATION_FAILED;

/**
 * The API description at /v3/api-docs (Swagger UI at /swagger-ui.html): request bodies from the records in shared-api,
 * and for each endpoint the problem details it may answer, as the README's API table lists them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Besides 401 and 403, which every call may get; OpenApiIT checks that each key names an endpoint. */
    static final Map<String, List<ErrorCode>> REFUSALS = Map.ofEntries(
            Map.entry("POST /api/devices", List.of(VALIDATION_FAILED, MALFORMED_REQUEST, DEVICE_ALREADY_REGISTERED,
                    STORE_UNAVAILABLE)),
            Map.entry("PATCH /api/devices/{deviceId}", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED, CONCURRENT_MODIFICATION, STORE_UNAVAILABLE)),
            Map.entry("PUT /api/devices/{deviceId}/rules", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED, CONCURRENT_MODIFICATION, STORE_UNAVAILABLE)),
            Map.entry("DELETE /api/devices/{deviceId}", List.of(DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED,
                    CONCURRENT_MODIFICATION, STORE_UNAVAILABLE)),
            Map.entry("POST /api/devices/{deviceId}/readings", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    PAYLOAD_TOO_LARGE, DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED, READING_CONFLICT, STORE_UNAVAILABLE)),
            Map.entry("POST /api/readings", List.of(VALIDATION_FAILED, MALFORMED_REQUEST, PAYLOAD_TOO_LARGE,
                    STORE_UNAVAILABLE)),
            Map.entry("POST /api/devices/{deviceId}/commands", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    DEVICE_NOT_FOUND, DEVICE_DECOMMISSIONED, STORE_UNAVAILABLE)),
            Map.entry("POST /api/devices/{deviceId}/commands/{commandId}/ack", List.of(VALIDATION_FAILED,
                    MALFORMED_REQUEST, DEVICE_NOT_FOUND, DEVICE_COMMAND_NOT_FOUND, DEVICE_COMMAND_CLOSED,
                    STORE_UNAVAILABLE)),
            Map.entry("POST /api/devices/{deviceId}/alerts/{alertId}/acknowledge", List.of(VALIDATION_FAILED,
                    MALFORMED_REQUEST, DEVICE_NOT_FOUND, ALERT_NOT_FOUND, ALERT_RESOLVED, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/history", List.of(VALIDATION_FAILED, STORE_UNAVAILABLE)),
            Map.entry("GET /api/devices/{deviceId}/state", List.of(VALIDATION_FAILED, DEVICE_NOT_FOUND,
                    STORE_UNAVAILABLE)),
            Map.entry("POST /api/admin/republish", List.of(VALIDATION_FAILED, MALFORMED_REQUEST,
                    JOB_ALREADY_RUNNING)),
            Map.entry("GET /api/admin/republish/{jobId}", List.of(NOT_FOUND)));

    @Bean
    OpenAPI commandServiceOpenApi() {
        return new OpenAPI().info(new Info().title("Telemetra command-service")
                .description("The write side: devices (register, update, rules, decommission), readings over REST,"
                        + " device commands and their answers, alert acknowledgements, the audit history and state as"
                        + " of an instant, re-publication. Roles: device, operator, auditor, admin (see the README)."
                        + " Errors are RFC 9457 problem details with a stable code and, for invalid input, the field.")
                .version("v1"));
    }

    @Bean
    OpenApiCustomizer commandServiceProblems() {
        return ProblemResponses.customizer(REFUSALS);
    }
}
