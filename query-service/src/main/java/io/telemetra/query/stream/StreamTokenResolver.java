package io.telemetra.query.stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Where query-service finds the bearer token. A browser's EventSource cannot set an Authorization header, so the live
 * stream alone also takes the token from the {@code access_token} query parameter (RFC 6750, section 2.3). Everywhere
 * else a token in the URL is ignored: URLs end up in browser history, proxy and access logs, and the stream's exposure
 * is limited to a GET that changes nothing. Do not log query strings of {@code /api/stream} in front of this service.
 */
@Configuration(proxyBeanMethods = false)
class StreamTokenResolver {

    @Bean
    BearerTokenResolver bearerTokenResolver() {
        DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
        headerOrQuery.setAllowUriQueryParameter(true);
        RequestMatcher stream = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/api/stream");
        return request -> (stream.matches(request) ? headerOrQuery : headerOnly).resolve(request);
    }
}
