package io.telemetra.query.contract;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.query.support.Api;
import io.telemetra.query.support.DeviceEventsPublisher;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.testsupport.PackagedService;
import io.telemetra.testsupport.RestartablePostgres;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract between the two sides of the read models, with no row written by hand: events published on
 * {@code telemetra.device-events} as command-service publishes them are projected by projection-service itself (its
 * packaged jar, run as a process on this context's database and broker, as the read models' owner), and query-service
 * (connected as the read-only role) serves what projection-service wrote: the device with its latest reading, the raw
 * series and its windows, the alert and the command.
 */
@QueryServiceIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionToQueryContractIT {

    private static final Duration PROJECTED = Duration.ofSeconds(60);
    /** Yesterday (UTC): within every retention of the read models, raw readings' 7 days included. */
    private static final String DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
    private static final Instant H12 = Instant.parse(DAY + "T12:00:00Z");

    @Autowired
    Api api;
    @Autowired
    DeviceEventsPublisher events;
    @Autowired
    RestartablePostgres postgres;
    @Autowired
    EmbeddedKafkaBroker broker;

    private PackagedService projection;

    @BeforeAll
    void startProjectionService() {
        projection = PackagedService.start("projection-service", Map.of(
                        "TELEMETRA_DB_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                        "TELEMETRA_DB_USER", "postgres",
                        "TELEMETRA_DB_PASSWORD", "",
                        "TELEMETRA_KAFKA_BOOTSTRAP", broker.getBrokersAsString(),
                        "TELEMETRA_JWT_SECRET", TestTokens.SECRET),
                // A group of its own: it reads the topic from its start, whatever other tests published on it.
                List.of("-Dtelemetra.kafka.consumer-group=contract-" + UUID.randomUUID()))
                .awaitHealthy(Duration.ofMinutes(3));
    }

    @AfterAll
    void stopProjectionService() throws InterruptedException {
        if (projection != null) {
            projection.close();
        }
    }

    @Test
    void whatProjectionServiceWritesIsWhatQueryServiceServes() throws Exception {
        String deviceId = "contract-" + UUID.randomUUID();
        String alertId = UUID.randomUUID().toString();
        String commandId = UUID.randomUUID().toString();
        ThresholdRule rule = new ThresholdRule("temperature", null, 80.0, 5.0, Severity.CRITICAL, null,
                new AlertResponse("THROTTLE", Map.of("percent", 50)));
        events.publish(deviceId, 0, new DeviceRegisteredEvent(deviceId, "thermostat", "Boiler room", "plant-1",
                new GeoLocation(48.8566, 2.3522), Map.of("vendor", "acme"), H12.minusSeconds(3600)));
        events.publish(deviceId, 1, new DeviceCameOnlineEvent(deviceId, H12));
        events.publish(deviceId, 2, reading(deviceId, "r-1", "temperature", 20.0, H12));
        events.publish(deviceId, 3, reading(deviceId, "r-2", "temperature", 24.0, H12.plusSeconds(30)));
        events.publish(deviceId, 4, reading(deviceId, "r-3", "humidity", 41.0, H12.plusSeconds(31)));
        events.publish(deviceId, 5, reading(deviceId, "r-4", "temperature", 92.5, H12.plusSeconds(70)));
        // Late, by event time: in its window and the raw series, not the latest reading.
        events.publish(deviceId, 6, reading(deviceId, "r-5", "temperature", 22.0, H12.plusSeconds(10)));
        events.publish(deviceId, 7, new AlertRaisedEvent(deviceId, alertId, "temperature", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, H12.plusSeconds(70), rule, "temperature 92.5 above max 80.0",
                H12.plusSeconds(71)));
        events.publish(deviceId, 8, new DeviceCommandIssuedEvent(deviceId, commandId, "THROTTLE",
                Map.of("percent", 50), "system:alert-response", alertId, H12.plusSeconds(72)));
        events.publish(deviceId, 9, new DeviceCommandAcknowledgedEvent(deviceId, commandId, CommandOutcome.ACCEPTED,
                null, deviceId, H12.plusSeconds(75)));

        String device = await().atMost(PROJECTED).until(() -> api.get("/api/devices/{id}", deviceId),
                response -> response.getStatusCode() == HttpStatus.OK
                        && JsonPath.<Integer>read(response.getBody(), "$.openAlerts") == 1).getBody();
        JSONAssert.assertEquals(onDay("""
                {"deviceId": "%s", "type": "thermostat", "name": "Boiler room", "site": "plant-1",
                 "location": {"lat": 48.8566, "lon": 2.3522}, "metadata": {"vendor": "acme"}, "status": "ONLINE",
                 "registeredAt": "{day}T11:00:00Z",
                 "latest": {
                   "temperature": {"value": 92.5, "unit": "Cel", "timestamp": "{day}T12:01:10Z"},
                   "humidity": {"value": 41.0, "unit": "Cel", "timestamp": "{day}T12:00:31Z"}},
                 "openAlerts": 1}""").formatted(deviceId), device, JSONCompareMode.LENIENT);

        assertThat(series(deviceId, "raw")).isEqualTo(json(onDay("""
                [{"timestamp": "{day}T12:00:00Z", "value": 20.0},
                 {"timestamp": "{day}T12:00:10Z", "value": 22.0},
                 {"timestamp": "{day}T12:00:30Z", "value": 24.0},
                 {"timestamp": "{day}T12:01:10Z", "value": 92.5}]""")));
        assertThat(series(deviceId, "1m")).isEqualTo(json(onDay("""
                [{"windowStart": "{day}T12:00:00Z", "count": 3, "min": 20.0, "max": 24.0, "mean": 22.0},
                 {"windowStart": "{day}T12:01:00Z", "count": 1, "min": 92.5, "max": 92.5, "mean": 92.5}]""")));
        assertThat(series(deviceId, "1h")).isEqualTo(json(onDay("""
                [{"windowStart": "{day}T12:00:00Z", "count": 4, "min": 20.0, "max": 92.5, "mean": 39.625}]""")));

        JSONAssert.assertEquals(onDay("""
                {"content": [{"alertId": "%s", "deviceId": "%s", "metric": "temperature", "kind": "THRESHOLD_HIGH",
                              "severity": "CRITICAL", "state": "OPEN", "value": 92.5,
                              "detail": "temperature 92.5 above max 80.0", "raisedAt": "{day}T12:01:11Z"}]}""")
                .formatted(alertId, deviceId), api.get("/api/alerts?deviceId={id}", deviceId).getBody(),
                JSONCompareMode.LENIENT);
        String commands = await().atMost(PROJECTED).until(() -> api.get("/api/devices/{id}/commands", deviceId),
                response -> response.getBody().contains("ACKNOWLEDGED")).getBody();
        JSONAssert.assertEquals(onDay("""
                {"content": [{"commandId": "%s", "type": "THROTTLE", "status": "ACKNOWLEDGED",
                              "issuedBy": "system:alert-response", "issuedAt": "{day}T12:01:12Z",
                              "alertId": "%s", "parameters": {"percent": 50}}]}""").formatted(commandId, alertId),
                commands, JSONCompareMode.LENIENT);
    }

    private Object series(String deviceId, String resolution) {
        ResponseEntity<String> response = await().atMost(PROJECTED).until(() -> api.get(
                onDay("/api/devices/{id}/readings?metric=temperature&from={day}T12:00:00Z&to={day}T13:00:00Z"
                        + "&resolution=" + resolution), deviceId), answer -> answer.getStatusCode() == HttpStatus.OK);
        return json(response.getBody());
    }

    /** The expected text on {@link #DAY}. */
    private static String onDay(String text) {
        return text.replace("{day}", DAY);
    }

    private static Object json(String text) {
        return JsonPath.parse(text).json();
    }

    private static ReadingRecordedEvent reading(String deviceId, String readingId, String metric, double value,
                                                Instant timestamp) {
        return new ReadingRecordedEvent(deviceId, readingId, metric, value, "Cel", timestamp, timestamp.plusMillis(5));
    }
}
