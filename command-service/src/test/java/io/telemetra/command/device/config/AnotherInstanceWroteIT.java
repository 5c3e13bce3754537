package io.telemetra.command.device.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.testsupport.TestTokens;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another command-service instance appends to a device's stream that this instance has cached: the cached device must
 * not decide, neither when its decision would append (the store's unique key refuses that anyway) nor, above all, when
 * it would append nothing. The other instance is played by appending to the event store directly, leaving this
 * instance's cache as it was.
 */
class AnotherInstanceWroteIT extends IntegrationTestBase {

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private MeterRegistry meters;

    @Test
    void anUpdateThatLooksLikeANoOpToAStaleCacheIsRecorded() {
        String deviceId = newDeviceId();
        register(deviceId);
        assertThat(patch(deviceId, "Boiler B").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(deviceCache.containsKey(deviceId)).as("cached here with name Boiler B").isTrue();
        double refreshed = refreshed();

        DeviceStreams.appendAsAnotherInstance(eventStore, deviceId,
                new DeviceUpdatedEvent(deviceId, "Boiler A", null, null, Map.of(), Instant.now()));
        ResponseEntity<String> renamedBack = patch(deviceId, "Boiler B");

        assertThat(renamedBack.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(events().payloads(deviceId, "DeviceUpdatedEvent"))
                .extracting(update -> update.path("name").asText())
                .containsExactly("Boiler B", "Boiler A", "Boiler B");
        assertThat(refreshed()).isEqualTo(refreshed + 1);
    }

    @Test
    void anAnswerToACommandIssuedThroughAnotherInstanceIsNotRefusedByAStaleCache() {
        String deviceId = newDeviceId();
        register(deviceId);
        assertThat(patch(deviceId, "cached").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        String commandId = UUID.randomUUID().toString();

        DeviceStreams.appendAsAnotherInstance(eventStore, deviceId, new DeviceCommandIssuedEvent(deviceId, commandId,
                "REBOOT", Map.of(), "operator-elsewhere", null, Instant.now()));
        ResponseEntity<String> answered = exchange(HttpMethod.POST,
                "/api/devices/" + deviceId + "/commands/" + commandId + "/ack", """
                        {"outcome": "ACCEPTED"}""", TestTokens.device(deviceId));

        assertThat(answered.getStatusCode()).as(answered.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(events().payloads(deviceId, "DeviceCommandAcknowledgedEvent"))
                .singleElement().satisfies(ack -> assertThat(ack.path("commandId").asText()).isEqualTo(commandId));
    }

    @Test
    void readingsRecordedOnAStaleCacheGetTheNextFreeSequenceNumbers() {
        String deviceId = newDeviceId();
        register(deviceId);
        Instant at = Instant.now().minusSeconds(60);
        assertThat(post("/api/devices/" + deviceId + "/readings", reading("t", 20, at)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        DeviceStreams.appendAsAnotherInstance(eventStore, deviceId,
                new DeviceUpdatedEvent(deviceId, "renamed elsewhere", null, null, Map.of(), Instant.now()));
        ResponseEntity<String> more = post("/api/devices/" + deviceId + "/readings", "["
                + reading("t", 21, at.plusSeconds(1)) + "," + reading("t", 22, at.plusSeconds(2)) + "]");

        assertThat(more.getStatusCode()).as(more.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(json(more.getBody()).path("accepted").asInt()).isEqualTo(2);
        assertThat(events().types(deviceId)).endsWith("DeviceUpdatedEvent", "ReadingRecordedEvent",
                "ReadingRecordedEvent");
    }

    private ResponseEntity<String> patch(String deviceId, String name) {
        return exchange(HttpMethod.PATCH, "/api/devices/" + deviceId, """
                {"name": "%s"}""".formatted(name), TestTokens.operator());
    }

    private double refreshed() {
        return meters.get("telemetra.devices.cache.refreshed").counter().count();
    }
}
