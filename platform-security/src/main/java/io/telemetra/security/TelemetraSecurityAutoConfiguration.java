package io.telemetra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every service is an OAuth2 resource server: bearer JWTs only, stateless, closed by default. Health and Prometheus
 * metrics and the API docs are open; other actuator endpoints need {@code admin}; each service's {@link EndpointRules}
 * name who may call its endpoints; anything not named is denied.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(TelemetraSecurityProperties.class)
public class TelemetraSecurityAutoConfiguration {

    @Bean
    SecurityFilterChain telemetraSecurityFilterChain(HttpSecurity http, ObjectProvider<EndpointRules> serviceRules,
                                                     TelemetraSecurityProperties properties, ObjectMapper json)
            throws Exception {
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler(json);
        // No cookies or sessions: a bearer token cannot be forged cross-site, so CSRF protection has nothing to guard.
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(corsSource(properties.cors())))
                .headers(Customizer.withDefaults())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new TelemetraJwtAuthenticationConverter(properties.jwt().rolesClaim()))))
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    requests.requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll();
                    requests.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ADMIN");
                    requests.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                            "/swagger-ui/**").permitAll();
                    serviceRules.orderedStream().forEach(rules -> rules.apply(requests));
                    requests.anyRequest().denyAll();
                });
        return http.build();
    }

    /**
     * A token without an expiry would be valid forever: refused by whichever decoder checks tokens, Spring Boot's for an
     * identity provider (it adds every such validator bean to its own) or the local stack's HMAC decoder.
     */
    @Bean
    OAuth2TokenValidator<Jwt> telemetraExpiryRequired() {
        return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
    }

    private static CorsConfigurationSource corsSource(TelemetraSecurityProperties.Cors cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!cors.allowedOrigins().isEmpty()) {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOrigins(cors.allowedOrigins());
            configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Last-Event-ID"));
            configuration.setExposedHeaders(List.of("Location"));
            source.registerCorsConfiguration("/api/**", configuration);
        }
        return source;
    }
}
