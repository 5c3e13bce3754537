package io.telemetra.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.telemetra.api.error.ErrorCode;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The error side of a service's API description: every operation needs a bearer JWT and may answer 401 and 403, plus
 * the refusals the service names for it, each an RFC 9457 problem detail ({@code application/problem+json}, schema
 * {@code Problem}) whose {@code code} is one of {@link ErrorCode}. Responses are grouped by HTTP status, each listing
 * the codes it carries.
 */
public final class ProblemResponses {

    public static final String BEARER = "bearer";
    public static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Set<ErrorCode> EVERY_CALL = EnumSet.of(ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN);

    private ProblemResponses() {
    }

    /**
     * @param refusals per operation, keyed {@code "METHOD /path/{variable}"} as the description lists it, the codes it
     *                 may answer besides 401 and 403; an operation not listed answers only those
     */
    public static OpenApiCustomizer customizer(Map<String, List<ErrorCode>> refusals) {
        return openApi -> {
            components(openApi).addSchemas(PROBLEM_SCHEMA, problemSchema())
                    .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT"));
            if (openApi.getSecurity() == null || openApi.getSecurity().isEmpty()) {
                openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                Set<ErrorCode> codes = EnumSet.copyOf(EVERY_CALL);
                codes.addAll(refusals.getOrDefault(method + " " + path, List.of()));
                document(operation, codes);
            }));
        };
    }

    private static void document(Operation operation, Set<ErrorCode> codes) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<Integer, List<String>> byStatus = codes.stream().collect(Collectors.groupingBy(ErrorCode::httpStatus,
                TreeMap::new, Collectors.mapping(ErrorCode::name, Collectors.toList())));
        byStatus.forEach((status, names) -> operation.getResponses().addApiResponse(String.valueOf(status),
                new ApiResponse().description("Problem detail; code " + String.join(" or ", names))
                        .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(
                                new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))))));
    }

    private static Components components(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        return openApi.getComponents();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        StringSchema code = new StringSchema();
        code.setEnum(Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
        code.description("Stable machine-readable error code (ErrorCode in shared-api)");
        Map<String, Schema> properties = new TreeMap<>();
        properties.put("type", new StringSchema().example("about:blank"));
        properties.put("title", new StringSchema().example("Not Found"));
        properties.put("status", new IntegerSchema().example(404));
        properties.put("detail", new StringSchema().example("No device boiler-7"));
        properties.put("instance", new StringSchema().example("/api/devices/boiler-7"));
        properties.put("code", code);
        properties.put("field", new StringSchema().description("the offending field or parameter, for invalid input"));
        ObjectSchema problem = new ObjectSchema();
        problem.setProperties(properties);
        problem.description("RFC 9457 problem detail");
        return problem;
    }
}
