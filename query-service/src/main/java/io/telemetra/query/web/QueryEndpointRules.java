package io.telemetra.query.web;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read models are for people watching the fleet: operators, auditors and admins; never device tokens. The fleet page
 * itself is open: a browser cannot attach a token to a navigation, the page holds no data, and everything it shows
 * comes from the API with the token pasted into it.
 */
@Configuration(proxyBeanMethods = false)
class QueryEndpointRules {

    @Bean
    EndpointRules queryServiceEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/", "/index.html").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("OPERATOR", "AUDITOR", "ADMIN");
    }
}
