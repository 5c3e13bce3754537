package io.telemetra.command.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.UpdateDeviceCommand;
import io.telemetra.api.devicecommand.CommandOutcome;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static io.telemetra.command.device.DeviceFixtures.DEVICE;
import static io.telemetra.command.device.DeviceFixtures.TEMPERATURE_RULE;
import static io.telemetra.command.device.DeviceFixtures.VIBRATION_RULE;
import static io.telemetra.command.device.DeviceFixtures.alertId;
import static io.telemetra.command.device.DeviceFixtures.at;
import static io.telemetra.command.device.DeviceFixtures.newFixture;
import static io.telemetra.command.device.DeviceFixtures.online;
import static io.telemetra.command.device.DeviceFixtures.reading;
import static io.telemetra.command.device.DeviceFixtures.recorded;
import static io.telemetra.command.device.DeviceFixtures.registered;
import static io.telemetra.command.device.DeviceFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot is the Device's fields as JSON, written and read as the service's Axon serializer does. */
class DeviceSnapshotTest {

    /** Spring Boot's ObjectMapper, which Axon's serializer uses in the service. */
    private static final ObjectMapper BOOT_JSON = Jackson2ObjectMapperBuilder.json().build();

    @Test
    void aDeviceWithRulesStatisticsAlertsAndCommandsSurvivesASnapshot() {
        Device device = deviceAfter(List.of(registered(), rules(60, TEMPERATURE_RULE, VIBRATION_RULE), online(),
                recorded(reading("vibration", 10.0, 10)), recorded(reading("vibration", 12.0, 20)),
                recorded(reading("temperature", 92.5, 30)),
                new AlertRaisedEvent(DEVICE, alertId(1), "temperature", AlertKind.THRESHOLD_HIGH,
                        TEMPERATURE_RULE.severity(), 92.5, at(29), TEMPERATURE_RULE, "hot", at(30)),
                new AlertAcknowledgedEvent(DEVICE, alertId(1), "alice", null, at(31)),
                new AlertRaisedEvent(DEVICE, alertId(2), "vibration", AlertKind.ANOMALY, VIBRATION_RULE.severity(),
                        50.0, at(32), VIBRATION_RULE, "odd", at(33)),
                new AlertResolvedEvent(DEVICE, alertId(2), 10.0, "back", at(34)),
                new DeviceCommandIssuedEvent(DEVICE, "cmd-1", "THROTTLE", Map.of("percent", 50, "mode", "eco"),
                        "alice", alertId(1), at(35)),
                new DeviceCommandRedeliveredEvent(DEVICE, "cmd-1", "THROTTLE", Map.of("percent", 50, "mode", "eco"), 2,
                        at(36), alertId(1), at(35)),
                new DeviceCommandIssuedEvent(DEVICE, "cmd-2", "REBOOT", Map.of(), "bob", null, at(37)),
                new DeviceCommandAcknowledgedEvent(DEVICE, "cmd-2", CommandOutcome.FAILED, "no", DEVICE, at(38))));
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(BOOT_JSON).build();

        SerializedObject<byte[]> snapshot = serializer.serialize(device, byte[].class);
        Device restored = serializer.deserialize(snapshot);

        assertThat(snapshot.getType().getRevision()).isEqualTo(Device.SNAPSHOT_REVISION);
        assertThat(restored).usingRecursiveComparison()
                .withEqualsForType(RecentReadingIds::equals, RecentReadingIds.class)
                .isEqualTo(device);
    }

    private static Device deviceAfter(List<Object> events) {
        AtomicReference<Device> state = new AtomicReference<>();
        newFixture().given(events)
                .when(new UpdateDeviceCommand(DEVICE, null, null, null, null, Set.of(), at(40)))
                .expectState(state::set);
        return state.get();
    }
}
