package io.telemetra.security;

import io.telemetra.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With TELEMETRA_SECURITY_CORS_ALLOWED_ORIGINS set, those origins and only those are granted cross-origin calls. */
@SpringBootTest(classes = ResourceServerTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"telemetra.security.jwt.secret=" + ResourceServerTest.SECRET,
                "telemetra.security.cors.allowed-origins=https://fleet.example"})
class CorsTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void aListedOriginIsGrantedItsPreflightAndItsReads() {
        ResponseEntity<String> preflight = preflight("https://fleet.example");
        assertThat(preflight.getStatusCode().value()).isEqualTo(200);
        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isEqualTo("https://fleet.example");
        assertThat(preflight.getHeaders().getAccessControlAllowMethods()).contains(HttpMethod.GET);

        HttpHeaders request = new HttpHeaders();
        request.setOrigin("https://fleet.example");
        request.setBearerAuth(DevelopmentTokens.mint(ResourceServerTest.SECRET, "someone", List.of(Role.AUDITOR), null,
                Instant.now(), Duration.ofMinutes(5)));
        ResponseEntity<String> read = http.exchange("/api/things", HttpMethod.GET, new HttpEntity<>(request),
                String.class);
        assertThat(read.getStatusCode().value()).isEqualTo(200);
        assertThat(read.getHeaders().getAccessControlAllowOrigin()).isEqualTo("https://fleet.example");
    }

    @Test
    void anyOtherOriginIsRefused() {
        ResponseEntity<String> preflight = preflight("https://elsewhere.example");

        assertThat(preflight.getStatusCode().value()).isEqualTo(403);
        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    private ResponseEntity<String> preflight(String origin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setOrigin(origin);
        headers.setAccessControlRequestMethod(HttpMethod.GET);
        headers.setAccessControlRequestHeaders(List.of("Authorization"));
        return http.exchange("/api/things", HttpMethod.OPTIONS, new HttpEntity<>(headers), String.class);
    }
}
