package io.telemetra.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own authorization rules, applied between the common open endpoints (health, metrics, API docs) and the
 * closing rule that denies anything not named. A service declares one bean of this type.
 */
@FunctionalInterface
public interface EndpointRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
