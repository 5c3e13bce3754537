package io.telemetra.api.security;

import java.util.Locale;
import java.util.Optional;

/** The roles a token may carry in its roles claim, in lower case on the wire ("operator"). */
public enum Role {
    DEVICE, OPERATOR, AUDITOR, ADMIN;

    /** Spring Security's authority name for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue().equalsIgnoreCase(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
