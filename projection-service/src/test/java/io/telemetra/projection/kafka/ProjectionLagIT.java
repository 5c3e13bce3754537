package io.telemetra.projection.kafka;

import com.jayway.jsonpath.JsonPath;
import io.telemetra.projection.support.DeviceEventsTopic;
import io.telemetra.projection.support.ProjectionServiceIntegrationTest;
import io.telemetra.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.telemetra.testsupport.Bearer.bearer;
import static io.telemetra.projection.support.DeviceEventsTopic.envelope;
import static io.telemetra.projection.support.DeviceEventsTopic.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The test profile declares the projection stuck after 3 s without progress while records wait. */
@ProjectionServiceIntegrationTest
class ProjectionLagIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String READINESS = "/actuator/health/readiness";

    @Autowired
    TestRestTemplate http;
    @Autowired
    DeviceEventsTopic topic;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theLagOfEveryOwnedPartitionIsInPrometheus() {
        String series = "telemetra_projection_partition_lag_records{partition=\"%d\","
                + "topic=\"telemetra.device-events\"}";
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(http.getForObject("/actuator/prometheus", String.class))
                .contains(series.formatted(0), series.formatted(1), series.formatted(2)));
    }

    @Test
    void aProjectionThatStopsAdvancingWithRecordsWaitingIsNotReadyUntilItMovesAgain() {
        awaitReadiness(200);
        MessageListenerContainer container = listeners.getListenerContainer(DeviceEventsListener.LISTENER_ID);
        container.pause();
        try {
            await().atMost(TIMEOUT).until(container::isContainerPaused);
            String deviceId = "dev-" + UUID.randomUUID();
            int partition = topic.publish(envelope(deviceId, 0, registered(deviceId)));

            ResponseEntity<String> notReady = awaitReadiness(503);

            List<String> problems = JsonPath.read(notReady.getBody(), "$.components.projectionLag.details.problems");
            assertThat(problems).singleElement().asString()
                    .startsWith("telemetra.device-events-" + partition + " has not advanced since")
                    .endsWith("with 1 records to apply");
        } finally {
            container.resume();
        }
        ResponseEntity<String> ready = awaitReadiness(200);
        assertThat(JsonPath.<String>read(ready.getBody(), "$.components.projectionLag.status")).isEqualTo("UP");
    }

    @Test
    void onlyAdminsSeeTheDetailsOfTheHealth() {
        ResponseEntity<String> anonymous = http.getForEntity(READINESS, String.class);
        ResponseEntity<String> operator = http.exchange(READINESS, HttpMethod.GET, bearer(TestTokens.operator()),
                String.class);

        assertThat(anonymous.getBody()).doesNotContain("projectionLag");
        assertThat(operator.getBody()).doesNotContain("projectionLag");
    }

    private ResponseEntity<String> awaitReadiness(int status) {
        return await().atMost(TIMEOUT).until(
                () -> http.exchange(READINESS, HttpMethod.GET, bearer(TestTokens.admin()), String.class),
                response -> response.getStatusCode().value() == status);
    }
}
