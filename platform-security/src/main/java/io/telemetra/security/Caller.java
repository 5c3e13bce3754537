package io.telemetra.security;

import io.telemetra.api.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the token's subject, its Telemetra roles and, for a device token, the one device it speaks for.
 *
 * @param principal the token subject, recorded as "who" in the audit trail
 * @param deviceId  present only for device tokens
 */
public record Caller(String principal, Set<Role> roles, Optional<String> deviceId) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Caller of(Authentication authentication, TelemetraSecurityProperties properties) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        Optional<String> deviceId = Optional.empty();
        if (roles.contains(Role.DEVICE) && authentication instanceof JwtAuthenticationToken jwt) {
            String claimed = jwt.getToken().getClaimAsString(properties.jwt().deviceClaim());
            deviceId = Optional.ofNullable(claimed != null ? claimed : jwt.getToken().getSubject());
        }
        return new Caller(authentication.getName(), roles, deviceId);
    }

    /**
     * The caller a validated token names, read as the services read it (roles claim, device claim): for a check made
     * outside an HTTP request, such as the MQTT broker's on CONNECT.
     */
    public static Caller of(Jwt token, TelemetraSecurityProperties.Jwt settings) {
        return of(new TelemetraJwtAuthenticationConverter(settings.rolesClaim()).convert(token),
                new TelemetraSecurityProperties(settings, null));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Whether this caller may act for the device as the device itself would (post its readings, acknowledge its
     * commands): the device's own token, or one of the given privileged roles.
     */
    public boolean mayActFor(String targetDeviceId, Role... privileged) {
        for (Role role : privileged) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return roles.contains(Role.DEVICE) && deviceId.filter(targetDeviceId::equals).isPresent();
    }
}
