package io.telemetra.projection.event;

import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.devicecommand.DeviceCommandRedeliveredEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceEventDecoderTest {

    private final DeviceEventDecoder decoder = new DeviceEventDecoder();

    @Test
    void aReadingEnvelopeDecodesToItsEvent() throws MalformedEventException {
        DeviceEvent event = decode("""
                {"eventId":"e1","aggregateId":"d1","sequenceNumber":7,"type":"ReadingRecorded","revision":"1",
                 "timestamp":"2026-03-01T12:00:01Z","metadata":{"principal":"gw-1"},
                 "payload":{"deviceId":"d1","readingId":"r1","metric":"temperature","value":21.5,"unit":"Cel",
                            "timestamp":"2026-03-01T12:00:00Z","receivedAt":"2026-03-01T12:00:01Z",
                            "addedInALaterRevision":true}}""");

        assertThat(event.deviceId()).isEqualTo("d1");
        assertThat(event.sequenceNumber()).isEqualTo(7);
        assertThat(event.storedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:01Z"));
        assertThat(event.payload()).isEqualTo(new ReadingRecordedEvent("d1", "r1", "temperature", 21.5, "Cel",
                Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:00:01Z")));
    }

    @Test
    void everyEventTypeOfTheContractDecodesWithoutStallingThePartition() throws MalformedEventException {
        DeviceEvent decommissioned = decode("""
                {"aggregateId":"d1","sequenceNumber":9,"type":"DeviceDecommissioned",
                 "payload":{"deviceId":"d1","decommissionedAt":"2026-03-01T12:00:00Z"}}""");
        DeviceEvent rules = decode("""
                {"aggregateId":"d1","sequenceNumber":8,"type":"DeviceRulesConfigured",
                 "payload":{"deviceId":"d1","rules":[],"configuredAt":"2026-03-01T12:00:00Z"}}""");

        assertThat(decommissioned.isKnownType()).isTrue();
        assertThat(rules.isKnownType()).isTrue();
        assertThatThrownBy(() -> decode("""
                {"aggregateId":"d1","sequenceNumber":9,"type":"DeviceDecommissioned",
                 "payload":{"deviceId":"d2","decommissionedAt":"2026-03-01T12:00:00Z"}}"""))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void anUnknownTypeDecodesWithoutPayload() throws MalformedEventException {
        DeviceEvent event = decode("""
                {"aggregateId":"d1","sequenceNumber":3,"type":"DeviceFirmwareUpdated","payload":{"v":2}}""");

        assertThat(event.isKnownType()).isFalse();
        assertThat(event.type()).isEqualTo("DeviceFirmwareUpdated");
    }

    @Test
    void theAlertAndCommandEventsDecodeToTheirPayloads() throws MalformedEventException {
        DeviceEvent raised = decode("""
                {"aggregateId":"d1","sequenceNumber":4,"type":"AlertRaised",
                 "payload":{"deviceId":"d1","alertId":"a1","metric":"t","kind":"THRESHOLD_HIGH","severity":"CRITICAL",
                            "value":92.5,"readingTimestamp":"2026-03-01T11:59:59Z","detail":"t 92.5 above max 80.0",
                            "raisedAt":"2026-03-01T12:00:00Z"}}""");
        DeviceEvent redelivered = decode("""
                {"aggregateId":"d1","sequenceNumber":5,"type":"DeviceCommandRedelivered",
                 "payload":{"deviceId":"d1","commandId":"c1","type":"REBOOT","attempt":2,
                            "redeliveredAt":"2026-03-01T12:00:30Z"}}""");
        DeviceEvent offline = decode("""
                {"aggregateId":"d1","sequenceNumber":6,"type":"DeviceWentOffline",
                 "payload":{"deviceId":"d1","lastSeen":"2026-03-01T12:00:00Z","at":"2026-03-01T12:05:00Z"}}""");

        assertThat(raised.payload()).isEqualTo(new AlertRaisedEvent("d1", "a1", "t", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, Instant.parse("2026-03-01T11:59:59Z"), null, "t 92.5 above max 80.0",
                Instant.parse("2026-03-01T12:00:00Z")));
        assertThat(redelivered.payload()).isInstanceOf(DeviceCommandRedeliveredEvent.class);
        assertThat(offline.payload()).isEqualTo(new DeviceWentOfflineEvent("d1",
                Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:05:00Z")));
    }

    @Test
    void aRegistrationWithoutOptionalFieldsDecodes() throws MalformedEventException {
        DeviceEvent event = decode("""
                {"aggregateId":"d1","sequenceNumber":0,"type":"DeviceRegistered",
                 "payload":{"deviceId":"d1","type":"meter","name":"M","registeredAt":"2026-03-01T12:00:00Z"}}""");

        assertThat(event.payload()).isEqualTo(new DeviceRegisteredEvent("d1", "meter", "M", null, null, null,
                Instant.parse("2026-03-01T12:00:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{not json",
            "[1,2]",
            "{\"sequenceNumber\":1,\"type\":\"DeviceCameOnline\",\"payload\":{}}",
            "{\"aggregateId\":\"d1\",\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d1\",\"at\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":-1,\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d1\",\"at\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1.5,\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d1\",\"at\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"payload\":{}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCameOnline\"}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d1\",\"at\":\"yesterday\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d2\",\"at\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCameOnline\",\"payload\":{\"deviceId\":\"d1\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":0,\"type\":\"DeviceRegistered\",\"payload\":{\"deviceId\":\"d1\",\"type\":\"meter\",\"registeredAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"ReadingRecorded\",\"payload\":{\"deviceId\":\"d1\",\"metric\":\"t\",\"timestamp\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"ReadingRecorded\",\"payload\":{\"deviceId\":\"d1\",\"metric\":\"t\",\"value\":\"NaN\",\"timestamp\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"ReadingRecorded\",\"payload\":{\"deviceId\":\"d1\",\"value\":1.0,\"timestamp\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"ReadingRecorded\",\"payload\":{\"deviceId\":\"d1\",\"metric\":\"t\",\"value\":1.0}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"ReadingRecorded\",\"payload\":{\"deviceId\":\"d1\",\"metric\":\"t\",\"value\":1.0,\"timestamp\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"AlertRaised\",\"payload\":{\"deviceId\":\"d1\",\"alertId\":\"a1\",\"metric\":\"t\",\"kind\":\"ANOMALY\",\"severity\":\"INFO\",\"raisedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"AlertRaised\",\"payload\":{\"deviceId\":\"d1\",\"alertId\":\"a1\",\"metric\":\"t\",\"kind\":\"HOT\",\"severity\":\"INFO\",\"value\":1.0,\"raisedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"AlertAcknowledged\",\"payload\":{\"deviceId\":\"d1\",\"alertId\":\"a1\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"AlertEscalated\",\"payload\":{\"deviceId\":\"d1\",\"escalatedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"AlertResolved\",\"payload\":{\"deviceId\":\"d2\",\"alertId\":\"a1\",\"resolvedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCommandIssued\",\"payload\":{\"deviceId\":\"d1\",\"commandId\":\"c1\",\"issuedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCommandAcknowledged\",\"payload\":{\"deviceId\":\"d1\",\"commandId\":\"c1\",\"outcome\":\"MAYBE\",\"acknowledgedAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCommandRedelivered\",\"payload\":{\"deviceId\":\"d1\",\"commandId\":\"c1\",\"redeliveredAt\":\"2026-03-01T12:00:00Z\"}}",
            "{\"aggregateId\":\"d1\",\"sequenceNumber\":1,\"type\":\"DeviceCommandTimedOut\",\"payload\":{\"deviceId\":\"d1\",\"commandId\":\"c1\",\"timedOutAt\":\"2026-03-01T12:00:00Z\"}}"
    })
    void aRecordTheReadModelCannotRelyOnIsMalformed(String value) {
        assertThatThrownBy(() -> decode(value)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aRecordWithoutValueIsMalformed() {
        assertThatThrownBy(() -> decoder.decode(null)).isInstanceOf(MalformedEventException.class);
    }

    private DeviceEvent decode(String json) throws MalformedEventException {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
