package io.telemetra.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.security.Role;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints HS256 tokens with the shared HMAC secret, for {@code ./telemetra token} and tests. Production tokens come from
 * an identity provider; this exists so the local stack is secured the same way without one.
 */
public final class DevelopmentTokens {

    public static final String ISSUER = "telemetra-local";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DevelopmentTokens() {
    }

    /**
     * @param subject  the principal recorded in the audit trail
     * @param deviceId the device a {@link Role#DEVICE} token speaks for, or null
     */
    public static String mint(String secret, String subject, List<Role> roles, String deviceId, Instant issuedAt,
                              Duration lifetime) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < HmacJwtDecoders.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the secret must be at least 32 bytes");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(lifetime).getEpochSecond());
        claims.put("roles", roles.stream().map(Role::claimValue).toList());
        if (deviceId != null) {
            claims.put("device_id", deviceId);
        }
        try {
            String signingInput = encode(Map.of("alg", "HS256", "typ", "JWT")) + "." + encode(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }

    private static String encode(Object json) throws JsonProcessingException {
        return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    }
}
