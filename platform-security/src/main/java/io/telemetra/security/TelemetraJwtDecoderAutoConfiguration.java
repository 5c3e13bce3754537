package io.telemetra.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HMAC decoder for the local stack and tests, used only when no identity provider is configured (Spring Boot's
 * issuer-URI or JWK-set-URI decoder wins when present). There is no built-in secret: without one the service refuses
 * to start rather than accept tokens anyone could sign.
 */
@AutoConfiguration(after = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingBean(JwtDecoder.class)
public class TelemetraJwtDecoderAutoConfiguration {

    static final int MIN_SECRET_BYTES = 32;

    @Bean
    JwtDecoder telemetraHmacJwtDecoder(TelemetraSecurityProperties properties,
                                       ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
        TelemetraSecurityProperties.Jwt settings = properties.jwt();
        if (settings.secret() == null || settings.secret().isBlank()) {
            throw new IllegalStateException("No token validation configured: set TELEMETRA_JWT_SECRET (an HMAC key of at"
                    + " least " + MIN_SECRET_BYTES + " bytes) or spring.security.oauth2.resourceserver.jwt.issuer-uri");
        }
        byte[] key = settings.secret().getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("TELEMETRA_JWT_SECRET is shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(settings.clockSkew()));
        // The expiry is required, as for an identity provider's tokens (see TelemetraSecurityAutoConfiguration).
        additionalValidators.orderedStream().forEach(validators::add);
        if (settings.issuer() != null && !settings.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(settings.issuer()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
