package io.telemetra.command.web;

import io.telemetra.api.kafka.Topics;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsIT extends IntegrationTestBase {

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Test
    void theEventTopicKeepsEveryEventSoThatARebuildCanReplayItFromTheStart() throws Exception {
        // The embedded broker created the topic before the service started: its settings were applied afterwards.
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEVICE_EVENTS);
        Map<String, String> settings = new HashMap<>();
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            admin.describeConfigs(List.of(topic)).all().get().get(topic).entries()
                    .forEach(entry -> settings.put(entry.name(), entry.value()));
        }

        assertThat(settings).containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
    }

    @Test
    void livenessAndReadinessAreUp() {
        for (String probe : new String[]{"/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<String> response = http.getForEntity(probe, String.class);
            assertThat(response.getStatusCode()).as(probe).isEqualTo(HttpStatus.OK);
            assertThat(json(response.getBody()).path("status").asText()).as(probe).isEqualTo("UP");
        }
    }

    @Test
    void prometheusExposesIngestionAndCommandMetrics() {
        register(newDeviceId());

        ResponseEntity<String> response = http.getForEntity("/actuator/prometheus", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        // Command latency is the REST request's: Axon's own per-message meters are off (see application.yml).
        assertThat(response.getBody()).contains("telemetra_readings_accepted_total")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/devices\"");
    }

    @Test
    void anUnknownPathThatTheCallerMayReachIsANotFoundProblemDetail() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/admin/nothing-here", null, TestTokens.admin());

        assertProblem(response, HttpStatus.NOT_FOUND, "NOT_FOUND", null);
    }

    @Test
    void aPathNoRuleNamesIsDeniedEvenToAnAdmin() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/nothing-here", null, TestTokens.admin());

        assertProblem(response, HttpStatus.FORBIDDEN, "FORBIDDEN", null);
    }
}
