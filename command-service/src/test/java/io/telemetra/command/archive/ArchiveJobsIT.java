package io.telemetra.command.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/admin/archive} runs as an admin job of the cluster: recorded in {@code admin_job}, so that any
 * instance answers for it, one at a time across every instance, and one whose instance died is reported FAILED. The
 * other instance is played by a row of the job table, as it would record its archive.
 */
class ArchiveJobsIT extends IntegrationTestBase {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void anArchiveStartedOverRestIsRecordedInTheJobTableAndAnsweredFromIt() {
        ResponseEntity<String> started = post("/api/admin/archive", null, TestTokens.admin());

        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String jobId = json(started.getBody()).path("jobId").asText();
        assertThat(started.getHeaders().getLocation()).hasToString("/api/admin/archive/" + jobId);
        JsonNode done = awaitFinished(jobId);
        assertThat(done.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("phase").asText()).isEqualTo("DONE");
        assertThat(done.path("horizon").asText()).isNotBlank();
        assertThat(done.path("moved").isArray()).isTrue();
        assertThat(jdbc.queryForObject("select state from admin_job where kind = 'archive' and id = ?", String.class,
                jobId)).isEqualTo("COMPLETED");
    }

    @Test
    void anArchiveOfAnotherLiveInstanceRefusesASecondAndIsReportedFailedOnceThatInstanceDied() {
        String elsewhere = UUID.randomUUID().toString();
        jdbc.update("""
                insert into admin_job (id, kind, state, owner, processed, total, started_at, heartbeat_at, details)
                values (?, 'archive', 'RUNNING', '4242@elsewhere', 10, 40, now(), now(), ?::jsonb)""", elsewhere, """
                {"horizon": "2026-01-01T00:00:00Z", "phase": "EXPORTING domain_event_entry_r20251201",
                 "moved": "[]"}""");
        try {
            assertProblem(post("/api/admin/archive", null, TestTokens.admin()), HttpStatus.CONFLICT,
                    "JOB_ALREADY_RUNNING", null);
            JsonNode running = json(get(elsewhere).getBody());
            assertThat(running.path("state").asText()).isEqualTo("RUNNING");
            assertThat(running.path("phase").asText()).isEqualTo("EXPORTING domain_event_entry_r20251201");
            assertThat(running.path("processed").asLong()).isEqualTo(10);
            assertThat(running.path("horizon").asText()).isEqualTo("2026-01-01T00:00:00Z");

            jdbc.update("update admin_job set heartbeat_at = now() - interval '1 hour' where id = ?", elsewhere);

            JsonNode failed = json(get(elsewhere).getBody());
            assertThat(failed.path("state").asText()).isEqualTo("FAILED");
            assertThat(failed.path("error").asText()).contains("4242@elsewhere").contains("stopped");
            ResponseEntity<String> again = post("/api/admin/archive", null, TestTokens.admin());
            assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(awaitFinished(json(again.getBody()).path("jobId").asText()).path("state").asText())
                    .isEqualTo("COMPLETED");
        } finally {
            jdbc.update("update admin_job set state = 'FAILED', finished_at = now() where id = ? and state = 'RUNNING'",
                    elsewhere);
        }
    }

    @Test
    void onlyAnAdminArchivesAndAnUnknownJobIsNotFound() {
        assertThat(post("/api/admin/archive", null, TestTokens.operator()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertProblem(get("no-such-archive"), HttpStatus.NOT_FOUND, "NOT_FOUND", null);
    }

    private ResponseEntity<String> get(String jobId) {
        return exchange(HttpMethod.GET, "/api/admin/archive/" + jobId, null, TestTokens.admin());
    }

    private JsonNode awaitFinished(String jobId) {
        return await().atMost(JOB_TIMEOUT).until(() -> json(get(jobId).getBody()),
                answer -> !answer.path("state").asText().equals("RUNNING"));
    }
}
