package io.telemetra.command.security;

import io.telemetra.security.EndpointRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call command-service, as PRODUCT.md's role table says; anything not named here is denied. A device token
 * passes these rules for any device: the controllers narrow it to its own device (see {@code Caller#mayActFor}).
 */
@Configuration(proxyBeanMethods = false)
class CommandEndpointRules {

    @Bean
    EndpointRules commandServiceEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.POST, "/api/devices/*/readings", "/api/readings")
                .hasAnyRole("DEVICE", "OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/devices/*/commands/*/ack")
                .hasAnyRole("DEVICE", "ADMIN")
                .requestMatchers(HttpMethod.POST, "/api/devices", "/api/devices/*/commands",
                        "/api/devices/*/alerts/*/acknowledge")
                .hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.PATCH, "/api/devices/*").hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.DELETE, "/api/devices/*").hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.PUT, "/api/devices/*/rules").hasAnyRole("OPERATOR", "ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/devices/*/history", "/api/devices/*/state")
                .hasAnyRole("AUDITOR", "ADMIN")
                .requestMatchers("/api/admin/**").hasRole("ADMIN");
    }
}
