package io.telemetra.mqtt;

import io.moquette.broker.subscriptions.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceTopicPolicyTest {

    private final List<String> disconnected = new ArrayList<>();
    private final DeviceTopicPolicy policy = new DeviceTopicPolicy("telemetra-bridge", disconnected::add);

    @Test
    void aDevicePublishesOnlyItsOwnReadingsAndAnswers() {
        assertThat(policy.canWrite(new Topic("telemetra/devices/d-1/readings"), "d-1", "d-1")).isTrue();
        assertThat(policy.canWrite(new Topic("telemetra/devices/d-1/commands/c-1/ack"), "d-1", "d-1")).isTrue();
        assertThat(disconnected).isEmpty();

        assertThat(policy.canWrite(new Topic("telemetra/devices/d-2/readings"), "d-1", "d-1")).isFalse();
        assertThat(policy.canWrite(new Topic("telemetra/devices/d-2/commands/c-1/ack"), "d-1", "d-1")).isFalse();
        assertThat(policy.canWrite(new Topic("telemetra/devices/d-1/commands"), "d-1", "d-1")).isFalse();
        assertThat(policy.canWrite(new Topic("elsewhere"), "d-1", "d-1")).isFalse();
        assertThat(disconnected).containsExactly("d-1", "d-1", "d-1", "d-1");
    }

    @Test
    void aDeviceSubscribesOnlyToItsOwnCommands() {
        assertThat(policy.canRead(new Topic("telemetra/devices/d-1/commands"), "d-1", "d-1")).isTrue();

        assertThat(policy.canRead(new Topic("telemetra/devices/d-2/commands"), "d-1", "d-1")).isFalse();
        assertThat(policy.canRead(new Topic("telemetra/devices/+/commands"), "d-1", "d-1")).isFalse();
        assertThat(policy.canRead(new Topic("telemetra/devices/d-1/#"), "d-1", "d-1")).isFalse();
        assertThat(policy.canRead(new Topic("telemetra/devices/d-1/readings"), "d-1", "d-1")).isFalse();
        assertThat(policy.canRead(new Topic("#"), "d-1", "d-1")).isFalse();
        assertThat(disconnected).isEmpty();
    }

    @Test
    void theServicePrincipalMayDoAnything() {
        assertThat(policy.canWrite(new Topic("telemetra/devices/d-1/commands"), "telemetra-bridge", "telemetra-bridge"))
                .isTrue();
        assertThat(policy.canRead(new Topic("telemetra/devices/+/readings"), "telemetra-bridge", "telemetra-bridge"))
                .isTrue();
    }
}
