package io.telemetra.command.device;

import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reporting-interval deadline with the service's own deadline manager: a silent device goes offline. */
class ReportingIntervalIT extends IntegrationTestBase {

    @Test
    void aDeviceSilentForItsIntervalGoesOfflineAndComesBackWithItsNextReading() {
        String deviceId = newDeviceId();
        register(deviceId);
        assertThat(exchange(HttpMethod.PUT, "/api/devices/" + deviceId + "/rules",
                "{\"rules\": [], \"reportingIntervalSeconds\": 1}", TestTokens.operator()).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        post(readings(deviceId), reading("temperature", 20.0, now()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> events().types(deviceId).contains("DeviceWentOfflineEvent"));
        assertThat(json(exchange(HttpMethod.GET, "/api/devices/" + deviceId + "/state", null, TestTokens.auditor())
                .getBody()).path("status").asText()).isEqualTo("OFFLINE");

        assertThat(post(readings(deviceId), reading("temperature", 21.0, now())).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        assertThat(events().types(deviceId)).startsWith("DeviceRegisteredEvent", "DeviceRulesConfiguredEvent",
                "DeviceCameOnlineEvent", "ReadingRecordedEvent", "DeviceWentOfflineEvent", "DeviceCameOnlineEvent",
                "ReadingRecordedEvent");
    }

    private static String readings(String deviceId) {
        return "/api/devices/" + deviceId + "/readings";
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
