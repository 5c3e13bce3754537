package io.telemetra.projection.parking;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.device.DeviceRegisteredEvent;
import io.telemetra.api.device.DeviceUpdatedEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.kafka.Topics;
import io.telemetra.projection.event.MalformedEventException;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.telemetra.projection.support.DeviceEventsTopic.bytes;
import static io.telemetra.projection.support.DeviceEventsTopic.cameOnline;
import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static io.telemetra.projection.support.ReadModelWait.untilSequence;
import static io.telemetra.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ProjectionServiceIntegrationTest
class ParkedEventsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    TestRestTemplate http;
    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UnprocessableRecordHandler unprocessable;

    @Test
    void aMalformedRecordIsParkedWithItsCoordinatesAndListedForAdmins() {
        String deviceId = newDeviceId();
        int partition = topic.publishRaw(2, deviceId, "{not json".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> row = awaitParked(deviceId);
        ResponseEntity<String> response = http.exchange("/api/admin/parked-events?size=200", HttpMethod.GET,
                bearer(TestTokens.admin()), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        DocumentContext page = JsonPath.parse(response.getBody());
        List<Map<String, Object>> listed = page.read("$.content[?(@.key == '" + deviceId + "')]");
        assertThat(listed).singleElement().satisfies(parked -> assertThat(parked)
                .containsEntry("id", ((Number) row.get("id")).intValue())
                .containsEntry("topic", Topics.DEVICE_EVENTS)
                .containsEntry("partition", partition)
                .containsEntry("offset", ((Number) row.get("kafka_offset")).intValue())
                .containsEntry("value", "{not json")
                .containsEntry("reason", "malformed")
                .containsEntry("retries", 0)
                .containsKeys("detail", "parkedAt"));
        assertThat(page.<Integer>read("$.page.totalElements")).isPositive();
    }

    @Test
    void aRecordReportedTwiceIsParkedOnce() {
        String deviceId = newDeviceId();
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.DEVICE_EVENTS, 1, 1_000_000L, deviceId,
                new byte[] {1, 2, 3});

        unprocessable.handle(record, new MalformedEventException("value is not JSON"));
        unprocessable.handle(record, new MalformedEventException("value is not JSON"));

        assertThat(parkedRows(deviceId)).hasSize(1);
    }

    @Test
    void anEventTheDatabaseRefusedIsAppliedOnRetryOnceTheCauseIsFixedAndLeavesTheParking() {
        String deviceId = newDeviceId();
        String refusedName = "refused-" + deviceId;
        jdbc.execute("alter table device add constraint refuse_this_name check (name <> '" + refusedName + "')");
        try {
            DeviceRegisteredEvent registration = new DeviceRegisteredEvent(deviceId, "meter", refusedName, null, null,
                    Map.of(), Instant.parse("2026-03-01T12:00:00Z"));
            topic.publish(envelope(deviceId, 0, registration));
            assertThat(awaitParked(deviceId)).containsEntry("reason", "refused");
        } finally {
            jdbc.execute("alter table device drop constraint refuse_this_name");
        }
        long id = ((Number) parkedRows(deviceId).get(0).get("id")).longValue();

        ResponseEntity<String> retried = retry(id, TestTokens.admin());

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JsonPath.<String>read(retried.getBody(), "$.outcome")).isEqualTo("APPLIED");
        assertThat(jdbc.queryForObject("select name from device where device_id = ?", String.class, deviceId))
                .isEqualTo(refusedName);
        assertThat(parkedRows(deviceId)).isEmpty();
        assertThat(retry(id, TestTokens.admin()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aRecordStillMalformedStaysParkedAndCountsTheRetry() {
        String deviceId = newDeviceId();
        topic.publishRaw(1, deviceId, "[]".getBytes(StandardCharsets.UTF_8));
        long id = ((Number) awaitParked(deviceId).get("id")).longValue();

        ResponseEntity<String> response = retry(id, TestTokens.admin());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(JsonPath.<String>read(response.getBody(), "$.code")).isEqualTo("EVENT_UNPROCESSABLE");
        assertThat(parkedRows(deviceId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("retries", 1).containsEntry("reason", "malformed"));
    }

    @Test
    void anEventTheDeviceHasMovedPastIsNotAppliedAndStaysParked() {
        String deviceId = newDeviceId();
        topic.publish(envelope(deviceId, 0, registered(deviceId)));
        topic.publish(envelope(deviceId, 1, cameOnline(deviceId, Instant.now())));
        untilSequence(jdbc, deviceId, 1);
        ConsumerRecord<String, byte[]> old = new ConsumerRecord<>(Topics.DEVICE_EVENTS, 0, 2_000_000L, deviceId,
                bytes(envelope(deviceId, 1, cameOnline(deviceId, Instant.now()))));
        unprocessable.handle(old, new IllegalStateException("refused earlier"));
        long id = ((Number) parkedRows(deviceId).get(0).get("id")).longValue();

        ResponseEntity<String> response = retry(id, TestTokens.admin());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(response.getBody(), "$.code")).isEqualTo("PARKED_EVENT_NOT_APPLICABLE");
        assertThat(JsonPath.<String>read(response.getBody(), "$.detail")).contains("rebuild");
        assertThat(parkedRows(deviceId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("retries", 1).containsEntry("reason", "refused"));
    }

    /**
     * A device's events behind a parked one are held in order, without holding up other devices, and applied once the
     * parked one is: the alert raised behind it is not lost.
     */
    @Test
    void eventsBehindARefusedEventOfTheirDeviceAreHeldUntilARetryAppliesThemInOrder() {
        String deviceId = newDeviceId();
        String otherId = newDeviceId();
        String refusedName = "refused-" + deviceId;
        int partition = topic.publish(envelope(deviceId, 0, registered(deviceId)));
        untilSequence(jdbc, deviceId, 0);
        jdbc.execute("alter table device add constraint refuse_this_name check (name <> '" + refusedName + "')");
        try {
            topic.publish(envelope(deviceId, 1, new DeviceUpdatedEvent(deviceId, refusedName, null, null, Map.of(),
                    T0)));
            topic.publish(envelope(deviceId, 2, new AlertRaisedEvent(deviceId, "a1", "temperature",
                    AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5, T0, null, "hot", T0)));
            topic.publish(envelope(deviceId, 3, cameOnline(deviceId, T0)));
            topic.publishRaw(partition, otherId, bytes(envelope(otherId, 0, registered(otherId))));

            untilSequence(jdbc, otherId, 0);
            await().atMost(TIMEOUT).until(() -> reasons(deviceId), reasons -> reasons.equals(
                    List.of("refused", "held", "held")));
        } finally {
            jdbc.execute("alter table device drop constraint refuse_this_name");
        }
        assertThat(jdbc.queryForObject("select last_sequence from device where device_id = ?", Long.class,
                deviceId)).isZero();
        List<Map<String, Object>> lane = parkedRows(deviceId);
        long head = ((Number) lane.get(0).get("id")).longValue();
        long held = ((Number) lane.get(1).get("id")).longValue();

        ResponseEntity<String> outOfOrder = retry(held, TestTokens.admin());
        assertThat(outOfOrder.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(JsonPath.<String>read(outOfOrder.getBody(), "$.detail")).contains("held behind parked event " + head);

        ResponseEntity<String> retried = retry(head, TestTokens.admin());

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(parkedRows(deviceId)).isEmpty();
        assertThat(jdbc.queryForMap("select name, status, open_alerts, last_sequence from device where device_id = ?",
                deviceId)).containsEntry("name", refusedName).containsEntry("status", "ONLINE")
                .containsEntry("open_alerts", 1).containsEntry("last_sequence", 3L);
        assertThat(jdbc.queryForObject("select state from alert where device_id = ?", String.class, deviceId))
                .isEqualTo("OPEN");

        topic.publish(envelope(deviceId, 4, new DeviceWentOfflineEvent(deviceId, T0, T0.plusSeconds(60))));
        untilSequence(jdbc, deviceId, 4);
    }

    @Test
    void skippingAParkedEventKeepsItAsSkippedAndAppliesTheEventsHeldBehindIt() {
        String deviceId = newDeviceId();
        int partition = topic.publish(envelope(deviceId, 0, registered(deviceId)));
        untilSequence(jdbc, deviceId, 0);
        topic.publishRaw(partition, deviceId, "{not json".getBytes(StandardCharsets.UTF_8));
        topic.publish(envelope(deviceId, 1, cameOnline(deviceId, T0)));
        await().atMost(TIMEOUT).until(() -> reasons(deviceId), reasons -> reasons.equals(List.of("malformed", "held")));
        long head = ((Number) parkedRows(deviceId).get(0).get("id")).longValue();

        ResponseEntity<String> skipped = skip(head, TestTokens.admin());

        assertThat(skipped.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(jdbc.queryForObject("select status from device where device_id = ?", String.class, deviceId))
                .isEqualTo("ONLINE");
        assertThat(parkedRows(deviceId)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("id", head).containsEntry("reason", "skipped"));
        assertThat(skip(head, TestTokens.admin()).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(retry(head, TestTokens.admin()).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(skip(Long.MAX_VALUE, TestTokens.admin()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        // The skipped record, should it come again, is neither parked nor applied, and holds nothing back.
        topic.publish(envelope(deviceId, 2, new DeviceWentOfflineEvent(deviceId, T0, T0.plusSeconds(60))));
        untilSequence(jdbc, deviceId, 2);
        assertThat(reasons(deviceId)).containsExactly("skipped");
    }

    @Test
    void anUnknownParkedEventIsA404AndBadPagingA400() {
        ResponseEntity<String> unknown = retry(Long.MAX_VALUE, TestTokens.admin());
        ResponseEntity<String> badSize = http.exchange("/api/admin/parked-events?size=201", HttpMethod.GET,
                bearer(TestTokens.admin()), String.class);

        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JsonPath.<String>read(unknown.getBody(), "$.code")).isEqualTo("NOT_FOUND");
        assertThat(badSize.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<String>read(badSize.getBody(), "$.field")).isEqualTo("size");
    }

    @ParameterizedTest(name = "{0} {1}: 401 without a token, 403 for operators and devices")
    @CsvSource({"GET, /api/admin/parked-events", "POST, /api/admin/parked-events/1/retry",
            "POST, /api/admin/parked-events/1/skip"})
    void theParkedEventEndpointsAreForAdminsOnly(String method, String path) {
        HttpMethod httpMethod = HttpMethod.valueOf(method);

        ResponseEntity<String> anonymous = http.exchange(path, httpMethod, HttpEntity.EMPTY, String.class);
        ResponseEntity<String> operator = http.exchange(path, httpMethod, bearer(TestTokens.operator()),
                String.class);
        ResponseEntity<String> device = http.exchange(path, httpMethod, bearer(TestTokens.device("dev-1")),
                String.class);

        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(JsonPath.<String>read(anonymous.getBody(), "$.code")).isEqualTo("UNAUTHENTICATED");
        assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(JsonPath.<String>read(operator.getBody(), "$.code")).isEqualTo("FORBIDDEN");
        assertThat(device.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> retry(long id, String token) {
        return http.exchange("/api/admin/parked-events/{id}/retry", HttpMethod.POST, bearer(token), String.class, id);
    }

    private ResponseEntity<String> skip(long id, String token) {
        return http.exchange("/api/admin/parked-events/{id}/skip", HttpMethod.POST, bearer(token), String.class, id);
    }

    private List<String> reasons(String deviceId) {
        return jdbc.queryForList("select reason from parked_event where record_key = ? order by kafka_offset",
                String.class, deviceId);
    }

    private Map<String, Object> awaitParked(String deviceId) {
        return await().atMost(TIMEOUT).until(() -> parkedRows(deviceId), rows -> rows.size() == 1).get(0);
    }

    private List<Map<String, Object>> parkedRows(String deviceId) {
        return jdbc.queryForList("select * from parked_event where record_key = ? order by kafka_offset", deviceId);
    }

    private static String newDeviceId() {
        return "dev-" + UUID.randomUUID();
    }
}
