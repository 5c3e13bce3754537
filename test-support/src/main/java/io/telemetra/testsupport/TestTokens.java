package io.telemetra.testsupport;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Bearer tokens for tests, signed with {@link #SECRET}; a test context sets
 * {@code telemetra.security.jwt.secret} to it (see {@link #SECRET_PROPERTY}).
 */
public final class TestTokens {

    public static final String SECRET = "telemetra-test-secret-not-for-production-0123456789";
    public static final String SECRET_PROPERTY = "telemetra.security.jwt.secret=" + SECRET;

    private TestTokens() {
    }

    public static String operator() {
        return forRole(Role.OPERATOR, "test-operator");
    }

    public static String auditor() {
        return forRole(Role.AUDITOR, "test-auditor");
    }

    public static String admin() {
        return forRole(Role.ADMIN, "test-admin");
    }

    public static String device(String deviceId) {
        return DevelopmentTokens.mint(SECRET, deviceId, List.of(Role.DEVICE), deviceId, Instant.now(),
                Duration.ofHours(1));
    }

    public static String forRole(Role role, String subject) {
        return DevelopmentTokens.mint(SECRET, subject, List.of(role), null, Instant.now(), Duration.ofHours(1));
    }
}
