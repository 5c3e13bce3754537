package io.telemetra.api.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertEscalatedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.AnomalyDetection;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.devicecommand.DeviceCommandTimedOutEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of every published event is a public contract: these fixtures are what integrators parse. A change that
 * breaks one of them needs a new revision and an upcaster, not an edit of the fixture.
 */
class WireFormatContractTest {

    private static final ObjectMapper JSON = WireFormat.objectMapper();
    private static final ThresholdRule TEMPERATURE_RULE = new ThresholdRule("temperature", 10.0, 80.0, 2.5,
            Severity.CRITICAL, new AnomalyDetection(3.5, 0.1, 30),
            new AlertResponse("THROTTLE", Map.of("percent", 50)));
    private static final String ALERT_ID = "5f0c9a3e-2b1d-3c4e-9f6a-7b8c9d0e1f2a";
    private static final String COMMAND_ID = "0b6f3c1e-8a47-4d2b-9c55-1e2f3a4b5c6d";
    private static final Map<String, Object> THROTTLE_PARAMETERS = Map.of("percent", 50, "mode", Map.of("eco", true));

    static Stream<Object[]> publishedEvents() {
        return Stream.of(
                new Object[]{"DeviceRegistered", new DeviceRegisteredEvent("boiler-7", "thermostat", "Boiler room 7",
                        "plant-north", new GeoLocation(52.52, 13.405), Map.of("vendor", "acme", "firmware", "2.4.1"),
                        Instant.parse("2026-11-24T08:15:30.123Z"))},
                new Object[]{"DeviceUpdated", new DeviceUpdatedEvent("boiler-7", "Boiler room 7 (east)", "plant-north",
                        null, Map.of("vendor", "acme", "firmware", "2.5.0"), Instant.parse("2026-11-24T09:00:00Z"))},
                new Object[]{"DeviceRulesConfigured", new DeviceRulesConfiguredEvent("boiler-7", List.of(
                        TEMPERATURE_RULE,
                        new ThresholdRule("pressure", null, 3.2, 0.0, Severity.WARNING)),
                        60, Instant.parse("2026-11-24T09:05:00Z"))},
                new Object[]{"DeviceDecommissioned", new DeviceDecommissionedEvent("boiler-7",
                        Instant.parse("2026-12-31T17:00:00Z"))},
                new Object[]{"DeviceCameOnline", new DeviceCameOnlineEvent("boiler-7",
                        Instant.parse("2026-11-24T08:16:00Z"))},
                new Object[]{"DeviceWentOffline", new DeviceWentOfflineEvent("boiler-7",
                        Instant.parse("2026-11-24T08:16:00.010Z"), Instant.parse("2026-11-24T08:17:00.010Z"))},
                new Object[]{"ReadingRecorded", readingRecorded()},
                new Object[]{"AlertRaised", new AlertRaisedEvent("boiler-7", ALERT_ID, "temperature",
                        AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5, Instant.parse("2026-11-24T08:20:59.500Z"),
                        TEMPERATURE_RULE, "temperature 92.5 above max 80.0",
                        Instant.parse("2026-11-24T08:21:00.010Z"))},
                new Object[]{"AlertAcknowledged", new AlertAcknowledgedEvent("boiler-7", ALERT_ID, "alice",
                        "checking the burner", Instant.parse("2026-11-24T08:23:10Z"))},
                new Object[]{"AlertEscalated", new AlertEscalatedEvent("boiler-7", ALERT_ID,
                        "THROTTLE not acknowledged after 3 deliveries", Instant.parse("2026-11-24T08:26:00Z"))},
                new Object[]{"AlertResolved", new AlertResolvedEvent("boiler-7", ALERT_ID, 77.0,
                        "temperature 77.0 back below max 80.0 less hysteresis 2.5",
                        Instant.parse("2026-11-24T08:31:00.010Z"))},
                new Object[]{"DeviceCommandIssued", new DeviceCommandIssuedEvent("boiler-7", COMMAND_ID, "THROTTLE",
                        THROTTLE_PARAMETERS, "system:alert-response", ALERT_ID,
                        Instant.parse("2026-11-24T08:21:00.200Z"))},
                new Object[]{"DeviceCommandAcknowledged", new DeviceCommandAcknowledgedEvent("boiler-7", COMMAND_ID,
                        CommandOutcome.COMPLETED, "throttled to 50 %", "boiler-7",
                        Instant.parse("2026-11-24T08:21:04Z"))},
                new Object[]{"DeviceCommandRedelivered", new DeviceCommandRedeliveredEvent("boiler-7", COMMAND_ID,
                        "THROTTLE", THROTTLE_PARAMETERS, 2, Instant.parse("2026-11-24T08:22:00.200Z"), ALERT_ID,
                        Instant.parse("2026-11-24T08:21:00.200Z"))},
                new Object[]{"DeviceCommandTimedOut", new DeviceCommandTimedOutEvent("boiler-7", COMMAND_ID, 3,
                        Instant.parse("2026-11-24T08:25:00.200Z"))});
    }

    @ParameterizedTest(name = "{0} reads from and writes to its known JSON")
    @MethodSource("publishedEvents")
    void eachPublishedEventRoundTripsThroughItsKnownJson(String type, Object event) throws IOException {
        JsonNode known = fixture(type + ".v1.json");
        Class<?> eventClass = DeviceEventTypes.classOf(type).orElseThrow();

        assertThat(eventClass).isEqualTo(event.getClass());
        assertThat(JSON.treeToValue(known, eventClass)).isEqualTo(event);
        JsonNode written = JSON.readTree(JSON.writeValueAsString(event));
        assertThat(written).isEqualTo(known);
        assertThat(eventClass.getAnnotation(Revision.class)).as("revision of %s", type).isNotNull();
    }

    /** Rules published before anomaly detection and response commands existed still read, with neither set. */
    @Test
    void rulesWithoutTheFieldsAddedLaterStillRead() throws IOException {
        JsonNode known = fixture("compatible/DeviceRulesConfigured.v1-bounds-only.json");

        DeviceRulesConfiguredEvent event = JSON.treeToValue(known, DeviceRulesConfiguredEvent.class);

        assertThat(event.rules()).containsExactly(new ThresholdRule("pressure", null, 3.2, 0.0, Severity.WARNING));
    }

    /** Redeliveries published before they carried the alert and the first issue time still read, with neither set. */
    @Test
    void aRedeliveryWithoutItsAlertAndIssueTimeStillReads() throws IOException {
        JsonNode known = fixture("compatible/DeviceCommandRedelivered.v1-without-alert-and-issue-time.json");

        DeviceCommandRedeliveredEvent event = JSON.treeToValue(known, DeviceCommandRedeliveredEvent.class);

        assertThat(event).isEqualTo(new DeviceCommandRedeliveredEvent("boiler-7", COMMAND_ID, "THROTTLE",
                THROTTLE_PARAMETERS, 2, Instant.parse("2026-11-24T08:22:00.200Z"), null, null));
    }

    @Test
    void theEnvelopeRoundTripsThroughItsKnownJson() throws IOException {
        JsonNode known = fixture("envelope.v1.json");

        EventEnvelope envelope = JSON.treeToValue(known, EventEnvelope.class);

        assertThat(envelope.aggregateId()).isEqualTo("boiler-7");
        assertThat(envelope.sequenceNumber()).isEqualTo(2);
        assertThat(envelope.metadata()).containsEntry("principal", "gateway-3");
        assertThat(JSON.treeToValue(envelope.payload(), ReadingRecordedEvent.class)).isEqualTo(readingRecorded());
        JsonNode written = JSON.readTree(JSON.writeValueAsString(envelope));
        assertThat(written).isEqualTo(known);
    }

    @Test
    void everyEventClassOfTheContractHasAStableTypeName() throws IOException, URISyntaxException {
        Path classes = Path.of(DeviceEventTypes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> unnamed;
        try (Stream<Path> files = Files.walk(classes)) {
            unnamed = files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith("Event.class"))
                    .map(name -> name.replace(".class", "").replace('/', '.'))
                    .filter(name -> DeviceEventTypes.nameOf(load(name)).isEmpty())
                    .toList();
        }
        assertThat(unnamed).as("event classes missing from DeviceEventTypes").isEmpty();
    }

    private static ReadingRecordedEvent readingRecorded() {
        return new ReadingRecordedEvent("boiler-7", "r-000042", "temperature", 71.25, "C",
                Instant.parse("2026-11-24T08:15:59.500Z"), Instant.parse("2026-11-24T08:16:00.010Z"));
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = WireFormatContractTest.class.getResourceAsStream("/wire/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
