package io.telemetra.security;

import io.telemetra.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "telemetra.security.jwt.secret=" + ResourceServerTest.SECRET)
class ResourceServerTest {

    static final String SECRET = "resource-server-test-secret-0123456789abcdef";

    @Autowired
    TestRestTemplate http;

    @Test
    void aRequestWithoutATokenIsRefusedWith401AsAProblemDetail() {
        ResponseEntity<String> response = http.getForEntity("/things", String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(response.getBody()).contains("\"code\":\"UNAUTHENTICATED\"");
    }

    @Test
    void aTokenWithTheRightRoleIsAccepted() {
        assertThat(get("/things", token(SECRET, Role.AUDITOR, Duration.ofMinutes(5))).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void aTokenWithTheWrongRoleIsRefusedWith403() {
        ResponseEntity<String> response = get("/things", token(SECRET, Role.DEVICE, Duration.ofMinutes(5)));

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).contains("\"code\":\"FORBIDDEN\"");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = DevelopmentTokens.mint(SECRET, "someone", List.of(Role.AUDITOR), null,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

        assertThat(get("/things", expired).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutAnExpiryIsRefused() {
        String forever = HandMadeTokens.hs256(SECRET, """
                {"iss": "telemetra-local", "sub": "someone", "iat": %d, "roles": ["auditor"]}"""
                .formatted(Instant.now().getEpochSecond()));

        ResponseEntity<String> response = get("/things", forever);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"code\":\"UNAUTHENTICATED\"");
        assertThat(get("/things", HandMadeTokens.hs256(SECRET, """
                {"iss": "telemetra-local", "sub": "someone", "exp": %d, "roles": ["auditor"]}"""
                .formatted(Instant.now().plusSeconds(300).getEpochSecond()))).getStatusCode().value())
                .as("the same token with an expiry").isEqualTo(200);
    }

    /** No origin is allowed unless configured (see CorsTest): a browser on another site gets no CORS grant. */
    @Test
    void crossOriginRequestsAreNotGrantedByDefault() {
        HttpHeaders preflight = new HttpHeaders();
        preflight.setOrigin("https://elsewhere.example");
        preflight.setAccessControlRequestMethod(HttpMethod.GET);
        preflight.setAccessControlRequestHeaders(List.of("Authorization"));
        ResponseEntity<String> answer = http.exchange("/api/things", HttpMethod.OPTIONS, new HttpEntity<>(preflight),
                String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).isFalse();
        assertThat(answer.getHeaders().getAccessControlAllowOrigin()).isNull();

        HttpHeaders request = new HttpHeaders();
        request.setOrigin("https://elsewhere.example");
        request.setBearerAuth(token(SECRET, Role.AUDITOR, Duration.ofMinutes(5)));
        ResponseEntity<String> read = http.exchange("/api/things", HttpMethod.GET, new HttpEntity<>(request),
                String.class);
        assertThat(read.getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = token("another-secret-of-sufficient-length-0123456789", Role.ADMIN, Duration.ofMinutes(5));

        assertThat(get("/things", forged).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aDeviceMayActOnlyForItself() {
        String device = DevelopmentTokens.mint(SECRET, "dev-1", List.of(Role.DEVICE), "dev-1", Instant.now(),
                Duration.ofMinutes(5));

        assertThat(post("/devices/dev-1/act", device).getStatusCode().value()).isEqualTo(204);
        ResponseEntity<String> other = post("/devices/dev-2/act", device);
        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(other.getBody()).contains("dev-2");
        assertThat(post("/devices/dev-2/act", token(SECRET, Role.OPERATOR, Duration.ofMinutes(5)))
                .getStatusCode().value()).isEqualTo(204);
    }

    @Test
    void healthIsOpenAndOtherActuatorEndpointsNeedAdmin() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/actuator/env", token(SECRET, Role.OPERATOR, Duration.ofMinutes(5))).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void anUnnamedEndpointIsDeniedEvenToAdmins() {
        assertThat(get("/unnamed", token(SECRET, Role.ADMIN, Duration.ofMinutes(5))).getStatusCode().value())
                .isEqualTo(403);
    }

    @Test
    void responsesCarrySecurityHeaders() {
        HttpHeaders headers = get("/things", token(SECRET, Role.AUDITOR, Duration.ofMinutes(5))).getHeaders();

        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Cache-Control")).contains("no-store");
    }

    private static String token(String secret, Role role, Duration lifetime) {
        return DevelopmentTokens.mint(secret, "someone", List.of(role), null, Instant.now(), lifetime);
    }

    private ResponseEntity<String> get(String path, String token) {
        return exchange(HttpMethod.GET, path, token);
    }

    private ResponseEntity<String> post(String path, String token) {
        return exchange(HttpMethod.POST, path, token);
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return http.exchange(path, method, new HttpEntity<>(headers), String.class);
    }

    @SpringBootApplication
    static class App {

        @Bean
        EndpointRules rules() {
            return requests -> requests
                    .requestMatchers(HttpMethod.GET, "/things", "/api/things").hasAnyRole("AUDITOR", "ADMIN")
                    .requestMatchers(HttpMethod.POST, "/devices/*/act").hasAnyRole("DEVICE", "OPERATOR");
        }

        @RestController
        static class Things {

            private final TelemetraSecurityProperties properties;

            Things(TelemetraSecurityProperties properties) {
                this.properties = properties;
            }

            @GetMapping({"/things", "/api/things"})
            List<String> things() {
                return List.of("a");
            }

            @GetMapping("/unnamed")
            String unnamed() {
                return "never";
            }

            @PostMapping("/devices/{deviceId}/act")
            ResponseEntity<Void> act(@PathVariable String deviceId, Authentication authentication) {
                if (!Caller.of(authentication, properties).mayActFor(deviceId, Role.OPERATOR, Role.ADMIN)) {
                    throw new AccessDeniedException("a device token may only act for its own device, not " + deviceId);
                }
                return ResponseEntity.noContent().build();
            }
        }
    }
}
