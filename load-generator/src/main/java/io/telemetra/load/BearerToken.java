package io.telemetra.load;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** An operator token signed with the stack's secret, minted again well before it expires (simulate may run forever). */
final class BearerToken {

    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final Duration RENEW_AFTER = Duration.ofHours(1);

    private final String secret;
    private final String subject;
    private String header;
    private Instant mintedAt = Instant.MIN;

    BearerToken(String secret, String subject) {
        this.secret = secret;
        this.subject = subject;
    }

    /** The {@code Authorization} header value. */
    synchronized String header() {
        Instant now = Instant.now();
        if (header == null || now.isAfter(mintedAt.plus(RENEW_AFTER))) {
            header = "Bearer " + DevelopmentTokens.mint(secret, subject, List.of(Role.OPERATOR), null, now, LIFETIME);
            mintedAt = now;
        }
        return header;
    }
}
