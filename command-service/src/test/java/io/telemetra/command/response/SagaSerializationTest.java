package io.telemetra.command.response;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga store and the deadline manager serialize with Axon's Jackson serializer over Spring's ObjectMapper: the
 * sagas' state and the deadlines' payloads must come back whole.
 */
class SagaSerializationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ResponseProperties PROPERTIES =
            new ResponseProperties(Duration.ofSeconds(30), 3, Duration.ofMinutes(10), Duration.ofMinutes(15));

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(Jackson2ObjectMapperBuilder.json().build())
            .build();
    private final DeadlineManager deadlines = SimpleDeadlineManager.builder()
            .scopeAwareProvider(scope -> Stream.empty())
            .build();
    private final ResponseMetrics metrics = new ResponseMetrics(new SimpleMeterRegistry());

    @Test
    void aDeviceCommandSagaKeepsItsState() throws Exception {
        DeviceCommandSaga saga = new DeviceCommandSaga();
        new SagaScope().run(() -> saga.on(
                new DeviceCommandIssuedEvent("pump-1", "c-1", "REBOOT", Map.of(), "operator-1", null, NOW),
                deadlines, PROPERTIES, metrics));

        assertThat(roundTrip(saga)).usingRecursiveComparison().isEqualTo(saga);
    }

    @Test
    void anAlertResponseSagaKeepsItsState() throws Exception {
        AlertResponseSaga saga = new AlertResponseSaga();
        new SagaScope().run(() -> saga.on(new AlertRaisedEvent("boiler-7", "a-1", "temperature",
                        AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5, NOW,
                        new ThresholdRule("temperature", null, 80.0, 2.0, Severity.CRITICAL), "too hot", NOW),
                null, deadlines, null, PROPERTIES, metrics, null));

        assertThat(roundTrip(saga)).usingRecursiveComparison().isEqualTo(saga);
    }

    @Test
    void deadlinePayloadsComeBackEqual() {
        assertThat(roundTrip(new DeviceCommandSaga.AckDue("c-1", 2))).isEqualTo(new DeviceCommandSaga.AckDue("c-1", 2));
        assertThat(roundTrip(new AlertResponseSaga.EscalationDue("a-1")))
                .isEqualTo(new AlertResponseSaga.EscalationDue("a-1"));
    }

    /** The scope a saga's handler runs in, which scheduling a deadline describes. */
    private static final class SagaScope extends Scope {

        @Override
        public ScopeDescriptor describeScope() {
            return new SagaScopeDescriptor("saga", "saga-1");
        }

        void run(Runnable handler) throws Exception {
            executeWithResult(() -> {
                handler.run();
                return null;
            });
        }
    }

    private <T> T roundTrip(T value) {
        SerializedObject<byte[]> serialized = serializer.serialize(value, byte[].class);
        assertThat(new String(serialized.getData())).doesNotContain("{}");
        return serializer.deserialize(serialized);
    }
}
