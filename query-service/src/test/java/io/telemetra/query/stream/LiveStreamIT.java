package io.telemetra.query.stream;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.api.alert.AlertAcknowledgedEvent;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.alert.AlertResolvedEvent;
import io.telemetra.api.device.DeviceCameOnlineEvent;
import io.telemetra.api.device.DeviceWentOfflineEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.query.support.DeviceEventsPublisher;
import io.telemetra.query.support.QueryServiceIntegrationTest;
import io.telemetra.query.support.ReadModelRows;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** From an envelope published on telemetra.device-events to an event read by a real HTTP client, as a browser does. */
@QueryServiceIntegrationTest
class LiveStreamIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    DeviceEventsPublisher events;
    @Autowired
    DeviceEventFeed feed;
    @Autowired
    StreamHub hub;
    @Autowired
    ReadModelRows rows;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<EventStream> streams = new ArrayList<>();

    @BeforeEach
    void feedIsLive() {
        await().atMost(TIMEOUT).until(feed::isLive);
    }

    @AfterEach
    void disconnect() {
        streams.forEach(EventStream::close);
    }

    @Test
    void aPublishedReadingReachesTheClientsWatchingItsDeviceAsAReadingEvent() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        String otherId = "dev-" + UUID.randomUUID();
        EventStream watching = open("/api/stream?deviceId=" + deviceId + "&access_token=" + TestTokens.operator());
        EventStream everything = open("/api/stream?access_token=" + TestTokens.auditor());
        Instant measured = Instant.parse("2026-03-01T12:00:00.250Z");

        events.publish(otherId, 3, new ReadingRecordedEvent(otherId, "r-0", "temperature", 1.0, "Cel", measured,
                measured));
        events.publish(deviceId, 4, new ReadingRecordedEvent(deviceId, "r-1", "temperature", 21.5, "Cel", measured,
                measured.plusSeconds(1)));
        events.publish(deviceId, 5, new DeviceCameOnlineEvent(deviceId, measured));

        SseEvent reading = watching.nextEvent();
        assertThat(reading.name()).isEqualTo("reading");
        assertThat(JsonPath.parse(reading.data()).<String>read("$.deviceId")).isEqualTo(deviceId);
        assertThat(JsonPath.parse(reading.data()).<Integer>read("$.sequenceNumber")).isEqualTo(4);
        assertThat(JsonPath.parse(reading.data()).<String>read("$.readingId")).isEqualTo("r-1");
        assertThat(JsonPath.parse(reading.data()).<String>read("$.metric")).isEqualTo("temperature");
        assertThat(JsonPath.parse(reading.data()).<Double>read("$.value")).isEqualTo(21.5);
        assertThat(JsonPath.parse(reading.data()).<String>read("$.unit")).isEqualTo("Cel");
        assertThat(JsonPath.parse(reading.data()).<String>read("$.timestamp")).isEqualTo("2026-03-01T12:00:00.250Z");
        SseEvent online = watching.nextEvent();
        assertThat(online.name()).isEqualTo("device");
        assertThat(JsonPath.parse(online.data()).<String>read("$.type")).isEqualTo("DeviceCameOnline");
        assertThat(JsonPath.parse(online.data()).<String>read("$.payload.at")).isEqualTo("2026-03-01T12:00:00.250Z");

        assertThat(List.of(everything.nextEvent(), everything.nextEvent(), everything.nextEvent()))
                .extracting(event -> JsonPath.parse(event.data()).<Integer>read("$.sequenceNumber"))
                .containsExactlyInAnyOrder(3, 4, 5);
    }

    @Test
    void alertAndCommandEventsReachTheClientAsAlertAndCommandEventsShapedAsTheirViews() throws Exception {
        String deviceId = "dev-" + UUID.randomUUID();
        Instant raisedAt = Instant.parse("2026-03-01T12:00:00Z");
        rows.device(deviceId, "thermostat", "Boiler", "plant-1", "ONLINE", raisedAt, raisedAt);
        // Stored by the projection before the acknowledgement below reaches the stream.
        rows.alert(deviceId, "stored", "pressure", "WARNING", "OPEN", raisedAt.minusSeconds(60), null, 2);
        EventStream watching = open("/api/stream?deviceId=" + deviceId + "&access_token=" + TestTokens.operator());

        events.publish(deviceId, 3, new AlertRaisedEvent(deviceId, "a1", "temperature", AlertKind.THRESHOLD_HIGH,
                Severity.CRITICAL, 92.5, raisedAt, null, "temperature 92.5 above max 80.0", raisedAt));
        events.publish(deviceId, 4, new AlertAcknowledgedEvent(deviceId, "stored", "op-1", null,
                raisedAt.plusSeconds(30)));
        events.publish(deviceId, 5, new AlertResolvedEvent(deviceId, "not-projected-yet", 20.0, "normal",
                raisedAt.plusSeconds(40)));
        events.publish(deviceId, 6, new DeviceCommandIssuedEvent(deviceId, "c1", "THROTTLE", Map.of("percent", 50),
                "system:alert-response", "a1", raisedAt.plusSeconds(1)));
        events.publish(deviceId, 7, new DeviceWentOfflineEvent(deviceId, raisedAt, raisedAt.plusSeconds(600)));

        SseEvent raised = watching.nextEvent();
        assertThat(raised.name()).isEqualTo("alert");
        JSONAssert.assertEquals("""
                {"alertId": "a1", "deviceId": "%s", "metric": "temperature", "kind": "THRESHOLD_HIGH",
                 "severity": "CRITICAL", "state": "OPEN", "value": 92.5, "detail": "temperature 92.5 above max 80.0",
                 "raisedAt": "2026-03-01T12:00:00Z", "acknowledgedBy": null, "acknowledgedAt": null,
                 "escalatedAt": null, "escalationReason": null, "resolvedAt": null,
                 "updatedAt": "2026-03-01T12:00:00Z"}""".formatted(deviceId), raised.data(), JSONCompareMode.STRICT);
        SseEvent acknowledged = watching.nextEvent();
        assertThat(acknowledged.name()).isEqualTo("alert");
        assertThat(JsonPath.parse(acknowledged.data()).<String>read("$.state")).isEqualTo("ACKNOWLEDGED");
        assertThat(JsonPath.parse(acknowledged.data()).<String>read("$.acknowledgedBy")).isEqualTo("op-1");
        assertThat(JsonPath.parse(acknowledged.data()).<String>read("$.metric")).as("from the stored alert")
                .isEqualTo("pressure");
        SseEvent resolved = watching.nextEvent();
        assertThat(JsonPath.parse(resolved.data()).<String>read("$.state")).isEqualTo("RESOLVED");
        assertThat(JsonPath.parse(resolved.data()).<String>read("$.metric")).as("unknown until projected").isNull();
        SseEvent command = watching.nextEvent();
        assertThat(command.name()).isEqualTo("command");
        assertThat(JsonPath.parse(command.data()).<String>read("$.commandId")).isEqualTo("c1");
        assertThat(JsonPath.parse(command.data()).<String>read("$.status")).isEqualTo("ISSUED");
        assertThat(JsonPath.parse(command.data()).<Integer>read("$.parameters.percent")).isEqualTo(50);
        SseEvent offline = watching.nextEvent();
        assertThat(offline.name()).isEqualTo("device");
        assertThat(JsonPath.parse(offline.data()).<String>read("$.type")).isEqualTo("DeviceWentOffline");
    }

    @Test
    void heartbeatsKeepAnIdleStreamAliveAndAClientThatLeavesIsForgotten() throws Exception {
        // A device nobody else watches: other tests' clients come and go meanwhile.
        String deviceId = "nobody-" + UUID.randomUUID();
        EventStream stream = open("/api/stream?deviceId=" + deviceId + "&access_token=" + TestTokens.admin());
        assertThat(hub.clientsWatching(deviceId)).isEqualTo(1);

        assertThat(stream.nextLine(line -> line.equals(":heartbeat"))).isEqualTo(":heartbeat");
        stream.close();

        // The next heartbeat written to the closed connection fails, and the client is removed.
        await().atMost(TIMEOUT).until(() -> hub.clientsWatching(deviceId) == 0);
    }

    @Test
    void theTokenMayAlsoComeAsAnAuthorizationHeader() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri("/api/stream"))
                .header("Authorization", "Bearer " + TestTokens.operator()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        EventStream stream = track(new EventStream(response.body()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(stream.nextLine(line -> !line.isEmpty())).isEqualTo(":connected");
    }

    private EventStream open(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        EventStream stream = track(new EventStream(response.body()));
        // Registered with the hub once the first comment arrives: nothing published after it can be missed.
        assertThat(stream.nextLine(line -> !line.isEmpty())).isEqualTo(":connected");
        return stream;
    }

    private EventStream track(EventStream stream) {
        streams.add(stream);
        return stream;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    record SseEvent(String name, String data) {
    }

    /** Reads the response's lines on a thread of its own so that a test can wait for them with a timeout. */
    private static final class EventStream {

        private static final String END = "\u0000end";

        private final InputStream body;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        EventStream(InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by the test
                } finally {
                    lines.add(END);
                }
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        String nextLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(line).as("a line before the timeout").isNotNull().isNotEqualTo(END);
                if (wanted.test(line)) {
                    return line;
                }
            }
        }

        /** The next event, skipping comments: an "event:" line, "data:" lines, then an empty line. */
        SseEvent nextEvent() throws InterruptedException {
            String name = nextLine(line -> line.startsWith("event:")).substring("event:".length());
            StringBuilder data = new StringBuilder();
            for (String line = nextLine(l -> true); !line.isEmpty(); line = nextLine(l -> true)) {
                if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()));
                }
            }
            return new SseEvent(name, data.toString());
        }

        void close() {
            try {
                body.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
