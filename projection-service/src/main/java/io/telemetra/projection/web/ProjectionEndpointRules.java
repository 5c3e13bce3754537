package io.telemetra.projection.web;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** projection-service exposes only administration: rebuilds and parked events are for admins. */
@Configuration(proxyBeanMethods = false)
class ProjectionEndpointRules {

    @Bean
    EndpointRules projectionServiceEndpoints() {
        return requests -> requests.requestMatchers("/api/admin/**").hasRole("ADMIN");
    }
}
