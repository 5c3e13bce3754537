package io.telemetra.command.security;

import io.telemetra.api.security.Role;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CommandServiceSecurityIT extends IntegrationTestBase {

    private static final String BODY = "{}";

    /** Every endpoint of the contract, including those still to come: the rules are in place before them. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                arguments(HttpMethod.POST, "/api/devices"),
                arguments(HttpMethod.PATCH, "/api/devices/dev-1"),
                arguments(HttpMethod.PUT, "/api/devices/dev-1/rules"),
                arguments(HttpMethod.DELETE, "/api/devices/dev-1"),
                arguments(HttpMethod.POST, "/api/devices/dev-1/readings"),
                arguments(HttpMethod.POST, "/api/readings"),
                arguments(HttpMethod.POST, "/api/devices/dev-1/commands"),
                arguments(HttpMethod.POST, "/api/devices/dev-1/commands/cmd-1/ack"),
                arguments(HttpMethod.POST, "/api/devices/dev-1/alerts/alert-1/acknowledge"),
                arguments(HttpMethod.GET, "/api/devices/dev-1/history"),
                arguments(HttpMethod.GET, "/api/devices/dev-1/state"),
                arguments(HttpMethod.POST, "/api/admin/republish"));
    }

    /** For each endpoint, a role the table of PRODUCT.md does not allow. */
    static Stream<Arguments> wrongRoles() {
        return Stream.of(
                arguments(HttpMethod.POST, "/api/devices", TestTokens.device("dev-1")),
                arguments(HttpMethod.POST, "/api/devices", TestTokens.auditor()),
                arguments(HttpMethod.PATCH, "/api/devices/dev-1", TestTokens.device("dev-1")),
                arguments(HttpMethod.PUT, "/api/devices/dev-1/rules", TestTokens.auditor()),
                arguments(HttpMethod.DELETE, "/api/devices/dev-1", TestTokens.device("dev-1")),
                arguments(HttpMethod.POST, "/api/devices/dev-1/readings", TestTokens.auditor()),
                arguments(HttpMethod.POST, "/api/readings", TestTokens.auditor()),
                arguments(HttpMethod.POST, "/api/devices/dev-1/commands", TestTokens.device("dev-1")),
                arguments(HttpMethod.POST, "/api/devices/dev-1/commands/cmd-1/ack", TestTokens.operator()),
                arguments(HttpMethod.POST, "/api/devices/dev-1/alerts/alert-1/acknowledge", TestTokens.auditor()),
                arguments(HttpMethod.GET, "/api/devices/dev-1/history", TestTokens.operator()),
                arguments(HttpMethod.GET, "/api/devices/dev-1/state", TestTokens.device("dev-1")),
                arguments(HttpMethod.POST, "/api/admin/republish", TestTokens.operator()));
    }

    @ParameterizedTest(name = "{0} {1} without a token is 401")
    @MethodSource("endpoints")
    void everyEndpointRefusesARequestWithoutAToken(HttpMethod method, String path) {
        ResponseEntity<String> response = exchange(method, path, method == HttpMethod.GET ? null : BODY, null);

        assertProblem(response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", null);
    }

    @ParameterizedTest(name = "{0} {1} with a role the table does not allow is 403")
    @MethodSource("wrongRoles")
    void everyEndpointRefusesARoleItDoesNotAllow(HttpMethod method, String path, String token) {
        ResponseEntity<String> response = exchange(method, path, method == HttpMethod.GET ? null : BODY, token);

        assertProblem(response, HttpStatus.FORBIDDEN, "FORBIDDEN", null);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = DevelopmentTokens.mint(TestTokens.SECRET, "test-operator", List.of(Role.OPERATOR), null,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

        assertProblem(post("/api/devices", BODY, expired), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", null);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = DevelopmentTokens.mint("another-secret-that-is-at-least-32-bytes-long", "test-operator",
                List.of(Role.OPERATOR), null, Instant.now(), Duration.ofHours(1));

        assertProblem(post("/api/devices", BODY, forged), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", null);
    }

    @Test
    void aDeviceMayPostItsOwnReadings() {
        String deviceId = newDeviceId();
        register(deviceId);

        ResponseEntity<String> response = post(readings(deviceId), reading("temperature", 20, now()),
                TestTokens.device(deviceId));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    @Test
    void aDevicePostingReadingsOfAnotherDeviceIsRefusedAndNothingIsStored() {
        String deviceA = newDeviceId();
        String deviceB = newDeviceId();
        register(deviceA);
        register(deviceB);

        ResponseEntity<String> response = post(readings(deviceB), reading("temperature", 20, now()),
                TestTokens.device(deviceA));

        assertProblem(response, HttpStatus.FORBIDDEN, "FORBIDDEN", null);
        assertThat(eventCount(deviceB)).isEqualTo(1);
    }

    @Test
    void aBodyOverTheSizeLimitIsRefusedBeforeItIsRead() {
        String huge = "[" + " ".repeat(1024 * 1024) + "]";

        ResponseEntity<String> response = post(readings(newDeviceId()), huge);

        assertProblem(response, HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", null);
    }

    private long eventCount(String deviceId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, deviceId);
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
