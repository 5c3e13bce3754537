package io.telemetra.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The HMAC decoder for the local stack and tests, used only when no identity provider is configured (Spring Boot's
 * issuer-URI or JWK-set-URI decoder wins when present). There is no built-in secret: without one the service refuses
 * to start rather than accept tokens anyone could sign.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingBean(JwtDecoder.class)
public class TelemetraJwtDecoderAutoConfiguration {

    @Bean
    JwtDecoder telemetraHmacJwtDecoder(TelemetraSecurityProperties properties) {
        return HmacJwtDecoders.create(properties.jwt());
    }
}
