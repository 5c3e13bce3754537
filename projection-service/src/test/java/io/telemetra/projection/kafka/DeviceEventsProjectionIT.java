package io.telemetra.projection.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.DeviceDecommissionedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceRulesConfiguredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.GeoLocation;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.kafka.EventEnvelope;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.telemetra.projection.support.DeviceEventsTopic.bytes;
import static io.telemetra.projection.support.DeviceEventsTopic.cameOnline;
import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.reading;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static io.telemetra.projection.support.ReadModelWait.untilConsumed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ProjectionServiceIntegrationTest
class DeviceEventsProjectionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meterRegistry;

    @Test
    void aRegistrationCreatesTheDeviceAsRegistered() {
        String deviceId = newDeviceId();

        topic.publish(envelope(deviceId, 0, registered(deviceId)));

        Map<String, Object> device = awaitDevice(deviceId, 0);
        assertThat(device).containsEntry("type", "thermostat")
                .containsEntry("name", "Boiler room " + deviceId)
                .containsEntry("site", "plant-1")
                .containsEntry("location_lat", 48.8566)
                .containsEntry("location_lon", 2.3522)
                .containsEntry("status", "REGISTERED")
                .containsEntry("open_alerts", 0)
                .containsEntry("last_seen", null);
        assertThat(instant(device.get("registered_at"))).isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
        assertThat(jdbc.queryForObject("select metadata = '{\"vendor\":\"acme\",\"floor\":\"-1\"}'::jsonb"
                + " from device where device_id = ?", Boolean.class, deviceId)).isTrue();
    }

    @Test
    void aRuleConfigurationReplacesTheDevicesRulesAndAnUpdateKeepsThem() {
        String deviceId = newDeviceId();
        ThresholdRule temperature = new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL, null,
                new AlertResponse("THROTTLE", Map.of("percent", 50)));

        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, new DeviceRulesConfiguredEvent(deviceId,
                List.of(new ThresholdRule("humidity", 10.0, 90.0, 0.0, Severity.WARNING)), 60, T0)));
        topic.publish(envelope(deviceId, 2, new DeviceRulesConfiguredEvent(deviceId, List.of(temperature), null,
                T0.plusSeconds(1))));
        topic.publish(envelope(deviceId, 3, new DeviceUpdatedEvent(deviceId, "Renamed", null, null, Map.of(),
                T0.plusSeconds(2))));

        Map<String, Object> device = awaitDevice(deviceId, 3);
        assertThat(device).containsEntry("reporting_interval_seconds", null);
        assertThat(jdbc.queryForObject("""
                select rules = '[{"metric": "temperature", "min": null, "max": 80.0, "hysteresis": 2.0,
                                  "severity": "CRITICAL", "anomaly": null,
                                  "response": {"type": "THROTTLE", "parameters": {"percent": 50}}}]'::jsonb
                from device where device_id = ?""", Boolean.class, deviceId)).isTrue();
    }

    @Test
    void anUpdateReplacesTheAttributesAndADecommissioningEndsTheDevicesStatus() {
        String deviceId = newDeviceId();

        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, new DeviceUpdatedEvent(deviceId, "Renamed", null,
                new GeoLocation(52.52, 13.405), Map.of("vendor", "other"), T0)));
        topic.publish(envelope(deviceId, 2, new DeviceDecommissionedEvent(deviceId, T0.plusSeconds(1))));

        Map<String, Object> device = awaitDevice(deviceId, 2);
        assertThat(device).containsEntry("name", "Renamed")
                .containsEntry("site", null)
                .containsEntry("location_lat", 52.52)
                .containsEntry("location_lon", 13.405)
                .containsEntry("status", "DECOMMISSIONED")
                .containsEntry("type", "thermostat");
        assertThat(jdbc.queryForObject("select metadata = '{\"vendor\":\"other\"}'::jsonb"
                + " from device where device_id = ?", Boolean.class, deviceId)).isTrue();
    }

    @Test
    void readingsUpdateTheLatestValuePerMetricAndLastSeen() {
        String deviceId = newDeviceId();

        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, cameOnline(deviceId, T0)));
        topic.publish(envelope(deviceId, 2, reading(deviceId, "temperature", 20.5, T0, T0.plusSeconds(1))));
        topic.publish(envelope(deviceId, 3, reading(deviceId, "humidity", 41.0, T0, T0.plusSeconds(1))));
        topic.publish(envelope(deviceId, 4,
                reading(deviceId, "temperature", 21.25, T0.plusSeconds(60), T0.plusSeconds(61))));

        Map<String, Object> device = awaitDevice(deviceId, 4);
        assertThat(device).containsEntry("status", "ONLINE");
        assertThat(instant(device.get("last_seen"))).isEqualTo(T0.plusSeconds(61));
        assertThat(latest(deviceId)).containsExactly(
                Map.entry("humidity", new Latest(41.0, "%", T0, 3)),
                Map.entry("temperature", new Latest(21.25, "Cel", T0.plusSeconds(60), 4)));
    }

    @Test
    void anOlderReadingArrivingLaterDoesNotOverwriteANewerLatestValue() {
        String deviceId = newDeviceId();

        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1,
                reading(deviceId, "temperature", 22.0, T0.plusSeconds(60), T0.plusSeconds(61))));
        // Measured earlier, recorded later: a gateway flushing its buffer.
        topic.publish(envelope(deviceId, 2, reading(deviceId, "temperature", 19.0, T0, T0.plusSeconds(90))));

        Map<String, Object> device = awaitDevice(deviceId, 2);
        assertThat(latest(deviceId)).containsExactly(
                Map.entry("temperature", new Latest(22.0, "Cel", T0.plusSeconds(60), 1)));
        assertThat(instant(device.get("last_seen"))).as("contact time still advances")
                .isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void redeliveredAndReplayedEventsLeaveTheReadModelExactlyUnchanged() {
        String deviceId = newDeviceId();
        List<EventEnvelope> history = List.of(
                envelope(deviceId, 0, registered(deviceId)),
                envelope(deviceId, 1, cameOnline(deviceId, T0)),
                envelope(deviceId, 2, reading(deviceId, "temperature", 20.0, T0, T0.plusSeconds(1))),
                envelope(deviceId, 3, reading(deviceId, "humidity", 40.0, T0, T0.plusSeconds(1))));
        int partition = history.stream().mapToInt(topic::publish).max().orElseThrow();
        awaitDevice(deviceId, 3);
        Map<String, Object> deviceBefore = deviceRow(deviceId);
        List<Map<String, Object>> latestBefore = latestRows(deviceId);

        history.forEach(topic::publish);
        DeviceRegisteredEvent renamed = new DeviceRegisteredEvent(deviceId, "valve", "Renamed", "elsewhere", null,
                Map.of(), T0);
        topic.publish(envelope(deviceId, 0, renamed));
        // An old sequence number carrying a newer reading: only the sequence says it is a replay.
        topic.publish(envelope(deviceId, 2,
                reading(deviceId, "temperature", 99.0, T0.plusSeconds(3600), T0.plusSeconds(3600))));
        untilConsumed(jdbc, topic, partition);

        assertThat(deviceRow(deviceId)).isEqualTo(deviceBefore);
        assertThat(latestRows(deviceId)).isEqualTo(latestBefore);
    }

    @Test
    void aMalformedRecordHoldsBackItsOwnDeviceButNotTheOthersBehindIt() {
        String deviceId = newDeviceId();
        String otherId = newDeviceId();
        double malformedBefore = unprocessable("malformed");
        EventEnvelope registration = envelope(deviceId, 0, registered(deviceId));
        String withoutSequence = new String(bytes(registration), StandardCharsets.UTF_8)
                .replace("\"sequenceNumber\":0,", "");
        int partition = topic.publish(envelope(deviceId, 0, "DeviceCameOnline", Map.of("at", "yesterday")));

        topic.publishRaw(partition, deviceId, "{not json".getBytes(StandardCharsets.UTF_8));
        topic.publishRaw(partition, deviceId, null);
        topic.publishRaw(partition, deviceId, withoutSequence.getBytes(StandardCharsets.UTF_8));
        topic.publishRaw(partition, deviceId, bytes(registration));
        topic.publishRaw(partition, otherId, bytes(envelope(otherId, 0, registered(otherId))));

        awaitDevice(otherId, 0);
        assertThat(deviceRows(deviceId)).isEmpty();
        assertThat(unprocessable("malformed") - malformedBefore).isEqualTo(4.0);
        assertThat(jdbc.queryForList("select reason from parked_event where device_id = ? order by kafka_offset",
                String.class, deviceId)).containsExactly("malformed", "malformed", "malformed", "malformed", "held");
    }

    @Test
    void aDeviceGoesOfflineAndComesBackOnline() {
        String deviceId = newDeviceId();
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, cameOnline(deviceId, T0)));
        topic.publish(envelope(deviceId, 2, new DeviceWentOfflineEvent(deviceId, T0, T0.plusSeconds(300))));

        assertThat(awaitDevice(deviceId, 2)).containsEntry("status", "OFFLINE");

        topic.publish(envelope(deviceId, 3, cameOnline(deviceId, T0.plusSeconds(400))));

        Map<String, Object> online = awaitDevice(deviceId, 3);
        assertThat(online).containsEntry("status", "ONLINE");
        assertThat(instant(online.get("last_seen"))).isEqualTo(T0.plusSeconds(400));
    }

    @Test
    void anEventOfAnUnknownTypeAdvancesTheSequenceOnly() {
        String deviceId = newDeviceId();
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        awaitDevice(deviceId, 0);
        Map<String, Object> before = deviceRow(deviceId);

        topic.publish(envelope(deviceId, 1, "DeviceFirmwareUpdated", Map.of("deviceId", deviceId, "version", "2.1")));

        Map<String, Object> after = awaitDevice(deviceId, 1);
        before.keySet().removeAll(List.of("last_sequence", "updated_at"));
        after.keySet().removeAll(List.of("last_sequence", "updated_at"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anEventTheDatabaseRefusesIsSetAsideWithoutBlockingTheEventsBehindIt() {
        String poisoned = newDeviceId();
        String healthy = newDeviceId();
        double refusedBefore = unprocessable("refused");
        DeviceRegisteredEvent unstorable = new DeviceRegisteredEvent(poisoned, "thermostat", "nul\u0000byte", null,
                null, Map.of(), T0);

        int partition = topic.publish(envelope(poisoned, 0, unstorable));
        topic.publishRaw(partition, healthy, bytes(envelope(healthy, 0, registered(healthy))));

        awaitDevice(healthy, 0);
        assertThat(deviceRows(poisoned)).isEmpty();
        assertThat(unprocessable("refused") - refusedBefore).isEqualTo(1.0);
    }

    @Test
    void eventsPublishedWhileTheDatabaseFailsAreAppliedOnceItRecovers() {
        String deviceId = newDeviceId();
        double failuresBefore = meterRegistry.counter("telemetra.projection.batch.failures").count();
        jdbc.execute("alter table device rename to device_unavailable");
        try {
            topic.publish(envelope(deviceId, 0, registered(deviceId)));
            topic.publish(envelope(deviceId, 1, cameOnline(deviceId, T0)));
            await().atMost(TIMEOUT).until(
                    () -> meterRegistry.counter("telemetra.projection.batch.failures").count() > failuresBefore + 2);
        } finally {
            jdbc.execute("alter table device_unavailable rename to device");
        }

        assertThat(awaitDevice(deviceId, 1)).containsEntry("status", "ONLINE");
    }

    private Map<String, Object> awaitDevice(String deviceId, long lastSequence) {
        return await().atMost(TIMEOUT).until(() -> deviceRows(deviceId),
                rows -> rows.size() == 1 && ((Number) rows.get(0).get("last_sequence")).longValue() == lastSequence)
                .get(0);
    }

    private Map<String, Object> deviceRow(String deviceId) {
        return jdbc.queryForMap("select * from device where device_id = ?", deviceId);
    }

    private List<Map<String, Object>> deviceRows(String deviceId) {
        return jdbc.queryForList("select * from device where device_id = ?", deviceId);
    }

    private List<Map<String, Object>> latestRows(String deviceId) {
        return jdbc.queryForList("select * from device_latest_reading where device_id = ? order by metric", deviceId);
    }

    private List<Map.Entry<String, Latest>> latest(String deviceId) {
        return latestRows(deviceId).stream()
                .map(row -> Map.entry((String) row.get("metric"), new Latest((Double) row.get("value"),
                        (String) row.get("unit"), instant(row.get("reading_timestamp")),
                        ((Number) row.get("sequence_number")).longValue())))
                .toList();
    }

    private double unprocessable(String reason) {
        return meterRegistry.counter("telemetra.projection.records.unprocessable", "reason", reason).count();
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((Timestamp) timestamp).toInstant();
    }

    private static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }

    private record Latest(double value, String unit, Instant timestamp, long sequenceNumber) {
    }
}
