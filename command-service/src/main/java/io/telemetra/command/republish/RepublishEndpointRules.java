package io.telemetra.command.republish;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Re-publication is for admins only. */
@Configuration(proxyBeanMethods = false)
class RepublishEndpointRules {

    @Bean
    EndpointRules republishEndpoints() {
        return requests -> requests.requestMatchers("/api/admin/republish", "/api/admin/republish/*")
                .hasRole("ADMIN");
    }
}
