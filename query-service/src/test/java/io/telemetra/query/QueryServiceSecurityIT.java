package io.telemetra.query;

import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every read endpoint: 401 without a token, 403 for a device token, served to operators, auditors and admins; and the
 * service itself reads as the read-only database role.
 */
@QueryServiceIntegrationTest
class QueryServiceSecurityIT {

    /** A device the read models hold, so that every read above is answered 200. */
    private static final String DEVICE = "security-probe";

    @Autowired
    TestRestTemplate http;

    @Autowired
    ReadModelRows rows;

    @Autowired
    JdbcTemplate serviceJdbc;

    @BeforeEach
    void theDeviceIsKnown() {
        rows.update("""
                insert into device (device_id, type, name, status, registered_at, last_sequence)
                values (?, 'thermostat', 'Probe', 'REGISTERED', now(), 0) on conflict do nothing""", DEVICE);
    }

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
    @ValueSource(strings = {"/api/devices", "/api/devices/" + DEVICE, "/api/devices/" + DEVICE + "/readings?metric=t",
            "/api/fleet/summary", "/api/alerts", "/api/devices/" + DEVICE + "/commands"})
    void readsAreOpenToOperatorsAuditorsAndAdmins(String path) {
        for (String token : new String[] {TestTokens.operator(), TestTokens.auditor(), TestTokens.admin()}) {
            ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, bearer(token), String.class);
            assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0} /api/devices/dev-1 is denied even to admins: query-service is read-only")
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void writesAreDenied(String method) {
        ResponseEntity<String> response = http.exchange("/api/devices/dev-1", HttpMethod.valueOf(method),
                bearer(TestTokens.admin()), String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(403);
    }

    /** The connection the service's queries use is the read-only role's: it may read the read models, not write them. */
    @Test
    void theServiceConnectsAsTheReadOnlyRole() {
        assertThat(serviceJdbc.queryForObject("select current_user", String.class))
                .isEqualTo(QueryServiceIntegrationTest.READER);
        assertThat(serviceJdbc.queryForObject("select count(*) from device where device_id = ?", Long.class, DEVICE))
                .isEqualTo(1);
        assertThatThrownBy(() -> serviceJdbc.update("delete from device where device_id = ?", DEVICE))
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("permission denied for table device");
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
