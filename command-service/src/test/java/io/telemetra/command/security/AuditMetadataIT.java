package io.telemetra.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who did it and why, as stored with every event: the base of the audit trail. */
class AuditMetadataIT extends IntegrationTestBase {

    @Test
    void everyStoredEventNamesThePrincipalAndTheMessageChainOfItsCommand() {
        String deviceId = newDeviceId();
        register(deviceId);
        assertThat(post("/api/devices/" + deviceId + "/readings",
                reading("temperature", 20, Instant.now().truncatedTo(ChronoUnit.MILLIS)), TestTokens.device(deviceId))
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        List<JsonNode> metadata = jdbc.queryForList("""
                        select convert_from(meta_data, 'UTF8') from domain_event_entry
                        where aggregate_identifier = ? order by sequence_number""", String.class, deviceId)
                .stream().map(IntegrationTestBase::json).toList();

        assertThat(metadata).hasSize(3);
        JsonNode registration = metadata.get(0);
        assertThat(registration.path("principal").asText()).isEqualTo("test-operator");
        assertThat(metadata.subList(1, 3)).allSatisfy(reading -> {
            assertThat(reading.path("principal").asText()).isEqualTo(deviceId);
            assertThat(reading.path("correlationId").asText()).isNotBlank();
            assertThat(reading.path("traceId").asText()).isNotBlank();
            assertThat(reading.path("correlationId").asText())
                    .isNotEqualTo(registration.path("correlationId").asText());
            assertThat(reading.fieldNames()).toIterable().as("the causing message's id is stored once")
                    .containsExactlyInAnyOrder("principal", "correlationId", "traceId");
        });
        assertThat(metadata.get(1).path("correlationId").asText())
                .as("the came-online event and the reading have one cause: the same command")
                .isEqualTo(metadata.get(2).path("correlationId").asText());
    }
}
