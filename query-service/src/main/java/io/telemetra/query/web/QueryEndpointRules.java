package io.telemetra.query.web;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Read models are for people watching the fleet: operators, auditors and admins; never device tokens. The fleet page
 * itself is open: a browser cannot attach a token to a navigation, the page holds no data, and everything it shows
 * comes from the API with the token pasted into it; so are the script libraries it loads (WebJars). The page's actions
 * are forwarded to command-service (see {@code CommandServiceRoutes}), which checks the token again: the roles here
 * only spare it calls it would refuse.
 */
@Configuration(proxyBeanMethods = false)
class QueryEndpointRules {

    @Bean
    EndpointRules queryServiceEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/", "/index.html", "/webjars/**").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/devices/*/commands", "/api/devices/*/alerts/*/acknowledge")
                .hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/devices/*/history", "/api/devices/*/state")
                .hasAnyRole("AUDITOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("OPERATOR", "AUDITOR", "ADMIN");
    }
}
