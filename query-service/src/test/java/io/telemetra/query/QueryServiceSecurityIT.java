package io.telemetra.query;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/** Every read endpoint: 401 without a token, 403 for a device token, served to operators, auditors and admins. */
@QueryServiceIntegrationTest
class QueryServiceSecurityIT {

    @Autowired
    TestRestTemplate http;

    @ParameterizedTest(name = "GET {0} without a token is 401")
    @ValueSource(strings = {"/api/devices", "/api/devices/dev-1", "/api/devices/dev-1/readings?metric=t",
            "/api/fleet/summary", "/api/alerts", "/api/devices/dev-1/commands", "/api/stream"})
    void aReadWithoutATokenIsRefusedWith401(String path) {
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, HttpEntity.EMPTY, String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"code\":\"UNAUTHENTICATED\"");
    }

    @ParameterizedTest(name = "GET {0} with a device token is 403")
    @ValueSource(strings = {"/api/devices", "/api/devices/dev-1", "/api/devices/dev-1/readings?metric=t",
            "/api/fleet/summary", "/api/alerts", "/api/devices/dev-1/commands", "/api/stream"})
    void aReadWithADeviceTokenIsRefusedWith403(String path) {
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, bearer(TestTokens.device("dev-1")),
                String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).contains("\"code\":\"FORBIDDEN\"");
    }

    // The stream is opened by LiveStreamIT with each kind of token.
    @ParameterizedTest(name = "GET {0} is served to operators, auditors and admins")
    @ValueSource(strings = {"/api/devices", "/api/devices/dev-1", "/api/devices/dev-1/readings?metric=t",
            "/api/fleet/summary", "/api/alerts", "/api/devices/dev-1/commands"})
    void readsAreOpenToOperatorsAuditorsAndAdmins(String path) {
        for (String token : new String[] {TestTokens.operator(), TestTokens.auditor(), TestTokens.admin()}) {
            int status = http.exchange(path, HttpMethod.GET, bearer(token), String.class).getStatusCode().value();
            assertThat(status).as(path).isNotIn(401, 403);
        }
    }

    @ParameterizedTest(name = "{0} /api/devices/dev-1 is denied even to admins: query-service is read-only")
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void writesAreDenied(String method) {
        ResponseEntity<String> response = http.exchange("/api/devices/dev-1", HttpMethod.valueOf(method),
                bearer(TestTokens.admin()), String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void aTokenInTheQueryStringIsAcceptedOnlyByTheLiveStream() {
        ResponseEntity<String> devices = http.exchange("/api/devices?access_token={token}", HttpMethod.GET,
                HttpEntity.EMPTY, String.class, TestTokens.operator());
        ResponseEntity<String> stream = http.exchange("/api/stream?access_token={token}", HttpMethod.GET,
                HttpEntity.EMPTY, String.class, TestTokens.device("dev-1"));

        assertThat(devices.getStatusCode().value()).isEqualTo(401);
        assertThat(stream.getStatusCode().value()).as("authenticated by the query token, refused by role")
                .isEqualTo(403);
    }
}
