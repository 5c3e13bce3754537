package io.telemetra.query.actions;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.query.support.CommandServiceDouble;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/** The fleet page's actions reach command-service through query-service's origin, unchanged both ways. */
@QueryServiceIntegrationTest
class CommandServiceRoutesIT {

    @Autowired
    TestRestTemplate http;
    @Autowired
    CommandServiceDouble commandService;

    @Test
    void aCommandIsForwardedWithItsBodyTokenAndIdempotencyKeyAndItsAnswerComesBackAsItWas() {
        commandService.answerNext(202, "application/json", "{\"commandId\":\"c-1\"}");
        String token = TestTokens.operator();
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", "key-1");

        ResponseEntity<String> response = http.exchange("/api/devices/{id}/commands", HttpMethod.POST,
                new HttpEntity<>("{\"type\":\"REBOOT\"}", headers), String.class, "boiler 7");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getBody()).isEqualTo("{\"commandId\":\"c-1\"}");
        CommandServiceDouble.Received received = commandService.lastReceived();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.pathAndQuery()).isEqualTo("/api/devices/boiler%207/commands");
        assertThat(received.headers()).containsEntry("Authorization", "Bearer " + token)
                .containsEntry("Idempotency-Key", "key-1").containsEntry("Content-Type", "application/json");
        assertThat(received.body()).isEqualTo("{\"type\":\"REBOOT\"}");
    }

    @Test
    void commandServicesProblemDetailsComeBackUnchanged() {
        commandService.answerNext(409, "application/problem+json",
                "{\"status\":409,\"code\":\"ALERT_RESOLVED\",\"detail\":\"alert a-1 is resolved\"}");

        ResponseEntity<String> response = http.exchange("/api/devices/d-1/alerts/a-1/acknowledge", HttpMethod.POST,
                bearer(TestTokens.admin()), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<String>read(response.getBody(), "$.code")).isEqualTo("ALERT_RESOLVED");
        assertThat(commandService.lastReceived().pathAndQuery()).isEqualTo("/api/devices/d-1/alerts/a-1/acknowledge");
    }

    @Test
    void theAuditReadsAreForwardedWithTheirParameters() {
        commandService.answerNext(200, "application/json", "{\"deviceId\":\"d-1\"}");

        ResponseEntity<String> response = http.exchange("/api/devices/d-1/state?asOf=2026-01-01T00:00:00Z",
                HttpMethod.GET, bearer(TestTokens.auditor()), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(commandService.lastReceived().pathAndQuery())
                .isEqualTo("/api/devices/d-1/state?asOf=2026-01-01T00:00:00Z");
    }

    @Test
    void aRoleThatMayNotTakeTheActionIsRefusedHereWithoutBotheringCommandService() {
        int before = commandService.received().size();

        ResponseEntity<String> command = http.exchange("/api/devices/d-1/commands", HttpMethod.POST,
                bearer(TestTokens.auditor()), String.class);
        ResponseEntity<String> history = http.exchange("/api/devices/d-1/history", HttpMethod.GET,
                bearer(TestTokens.operator()), String.class);
        ResponseEntity<String> anonymous = http.exchange("/api/devices/d-1/commands", HttpMethod.POST,
                HttpEntity.EMPTY, String.class);

        assertThat(command.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(history.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(commandService.received()).hasSize(before);
    }
}
