package io.telemetra.command.device;

import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.AnomalyDetection;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the Device's fixture tests share: one device, its usual rules, and events and readings at given seconds. */
final class DeviceFixtures {

    static final String DEVICE = "boiler-7";
    static final Instant REGISTERED_AT = Instant.parse("2026-01-01T08:00:00Z");
    /** Readings are received at T0 plus their second, and measured one second earlier. */
    static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    static final ThresholdRule TEMPERATURE_RULE = new ThresholdRule("temperature", 10.0, 80.0, 2.0,
            Severity.CRITICAL, null, new AlertResponse("THROTTLE", Map.of("percent", 50)));
    static final ThresholdRule PRESSURE_RULE = new ThresholdRule("pressure", null, 3.0, 0.0, Severity.WARNING);
    /** Anomaly detection only: z-score bound 3, alpha 0.5, 3 readings of warm-up. */
    static final ThresholdRule VIBRATION_RULE = new ThresholdRule("vibration", null, null, 0.0, Severity.INFO,
            new AnomalyDetection(3.0, 0.5, 3), null);

    private DeviceFixtures() {
    }

    static AggregateTestFixture<Device> newFixture() {
        return new AggregateTestFixture<>(Device.class);
    }

    static DeviceRegisteredEvent registered() {
        return new DeviceRegisteredEvent(DEVICE, "boiler", "Boiler 7", "plant-a", null, Map.of(), REGISTERED_AT);
    }

    static DeviceRulesConfiguredEvent rules(Integer reportingIntervalSeconds, ThresholdRule... rules) {
        return new DeviceRulesConfiguredEvent(DEVICE, Arrays.asList(rules), reportingIntervalSeconds,
                REGISTERED_AT.plusSeconds(1));
    }

    static DeviceCameOnlineEvent online() {
        return new DeviceCameOnlineEvent(DEVICE, T0);
    }

    static DeviceDecommissionedEvent decommissioned(Instant at) {
        return new DeviceDecommissionedEvent(DEVICE, at);
    }

    static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    /** A reading received at {@code at(second)}, measured one second before. */
    static Reading reading(String metric, double value, int second) {
        return new Reading("r-" + metric + "-" + second + "-" + value, metric, value, "u", at(second).minusSeconds(1));
    }

    static RecordReadingsCommand record(Reading... readings) {
        return record(Arrays.stream(readings).map(reading -> reading.timestamp().plusSeconds(1))
                .max(Instant::compareTo).orElse(T0), readings);
    }

    static RecordReadingsCommand record(Instant receivedAt, Reading... readings) {
        return new RecordReadingsCommand(DEVICE, List.of(readings), receivedAt);
    }

    static ReadingRecordedEvent recorded(Reading reading) {
        return recorded(reading, reading.timestamp().plusSeconds(1));
    }

    static ReadingRecordedEvent recorded(Reading reading, Instant receivedAt) {
        return new ReadingRecordedEvent(DEVICE, reading.readingId(), reading.metric(), reading.value(), reading.unit(),
                reading.timestamp(), receivedAt);
    }

    /** The id of the device's n-th alert, counted from 1. */
    static String alertId(int n) {
        return UUID.nameUUIDFromBytes((DEVICE + "/alert/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
