package io.telemetra.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How HS256 tokens signed with {@code TELEMETRA_JWT_SECRET} are validated: by every service without an identity
 * provider, and by the local stack's MQTT broker when a device connects, so that a token valid for one is valid for
 * the other. Needs no Spring Boot.
 */
public final class HmacJwtDecoders {

    public static final int MIN_SECRET_BYTES = 32;

    private HmacJwtDecoders() {
    }

    /** @throws IllegalStateException without a secret of at least {@value #MIN_SECRET_BYTES} bytes */
    public static JwtDecoder create(TelemetraSecurityProperties.Jwt settings) {
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
        // A token without an expiry would be valid forever.
        validators.add(new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull));
        if (settings.issuer() != null && !settings.issuer().isBlank()) {
            validators.add(new JwtIssuerValidator(settings.issuer()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
