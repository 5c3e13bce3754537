package io.telemetra.security;

import io.telemetra.api.security.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Maps the roles claim (a JSON list or a space-separated string) to Telemetra's role authorities; others are ignored. */
final class TelemetraJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String rolesClaim;

    TelemetraJwtAuthenticationConverter(String rolesClaim) {
        this.rolesClaim = rolesClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object claim = jwt.getClaims().get(rolesClaim);
        Stream<String> values = claim instanceof Collection<?> list
                ? list.stream().map(String::valueOf)
                : claim instanceof String text ? Stream.of(text.trim().split("\\s+")) : Stream.empty();
        List<GrantedAuthority> authorities = values.map(Role::fromClaim)
                .flatMap(Optional::stream)
                .distinct()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
