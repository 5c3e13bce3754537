package io.telemetra.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API description at /v3/api-docs (and Swagger UI at /swagger-ui.html): every operation needs a bearer JWT. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";

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
}
