package io.telemetra.command.audit;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** History and state as of an instant are for auditors and admins (PRODUCT.md's role table). */
@Configuration(proxyBeanMethods = false)
class AuditEndpointRules {

    @Bean
    EndpointRules auditEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/devices/*/history", "/api/devices/*/state")
                .hasAnyRole("AUDITOR", "ADMIN");
    }
}
