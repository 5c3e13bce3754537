package io.telemetra.load;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A token signed with the stack's secret, minted again well before it expires (simulate may run forever): an
 * operator's, or a device's own (role device, {@code device_id} claim, the device as subject, as
 * {@code ./telemetra token --device ID} mints it).
 */
final class BearerToken {

    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Duration RENEW_AFTER = Duration.ofHours(1);

    private final String secret;
    private final String subject;
    private final Role role;
    private final String deviceId;
    private String header;
    private Instant mintedAt = Instant.MIN;

    /** An operator token. */
    BearerToken(String secret, String subject) {
        this(secret, subject, Role.OPERATOR, null);
    }

    private BearerToken(String secret, String subject, Role role, String deviceId) {
        this.secret = secret;
        this.subject = subject;
        this.role = role;
        this.deviceId = deviceId;
    }

    /** The token a device speaks with about itself, e.g. to answer its commands. */
    static BearerToken device(String secret, String deviceId) {
        return new BearerToken(secret, deviceId, Role.DEVICE, deviceId);
    }

    /** The {@code Authorization} header value. */
    synchronized String header() {
        Instant now = Instant.now();
        if (header == null || now.isAfter(mintedAt.plus(RENEW_AFTER))) {
            header = "Bearer " + DevelopmentTokens.mint(secret, subject, List.of(role), deviceId, now, LIFETIME);
            mintedAt = now;
        }
        return header;
    }
}
