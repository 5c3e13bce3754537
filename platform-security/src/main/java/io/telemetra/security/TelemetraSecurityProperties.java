package io.telemetra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Token validation and cross-origin settings. In production point {@code spring.security.oauth2.resourceserver.jwt.*}
 * at the identity provider (issuer URI or JWK set URI); the HMAC secret is for the local stack and tests and comes
 * only from the environment ({@code TELEMETRA_JWT_SECRET}).
 *
 * @param jwt  how tokens are validated and read
 * @param cors allowed browser origins; none by default, so cross-origin calls are refused
 */
@ConfigurationProperties("telemetra.security")
public record TelemetraSecurityProperties(Jwt jwt, Cors cors) {

    public TelemetraSecurityProperties {
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
        cors = cors == null ? new Cors(List.of()) : cors;
    }

    /**
     * @param secret      HMAC-SHA256 key (at least 32 bytes) used when no issuer or JWK set URI is configured
     * @param issuer      required {@code iss} of HMAC tokens, when set
     * @param rolesClaim  claim holding the roles, a list or a space-separated string
     * @param deviceClaim claim holding a device token's device id; {@code sub} when absent
     * @param clockSkew   tolerance on {@code exp} and {@code nbf}
     */
    public record Jwt(String secret, String issuer, String rolesClaim, String deviceClaim, Duration clockSkew) {
        public Jwt {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            deviceClaim = deviceClaim == null || deviceClaim.isBlank() ? "device_id" : deviceClaim;
            clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        }
    }

    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }
}
