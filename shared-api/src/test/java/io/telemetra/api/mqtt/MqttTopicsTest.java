package io.telemetra.api.mqtt;

import io.telemetra.api.mqtt.MqttTopics.DeviceTopic;
import io.telemetra.api.mqtt.MqttTopics.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttTopicsTest {

    @Test
    void theTopicsAreThoseOfTheContract() {
        assertThat(MqttTopics.readings("boiler-7")).isEqualTo("telemetra/devices/boiler-7/readings");
        assertThat(MqttTopics.commands("boiler-7")).isEqualTo("telemetra/devices/boiler-7/commands");
        assertThat(MqttTopics.ack("boiler-7", "c-1")).isEqualTo("telemetra/devices/boiler-7/commands/c-1/ack");
        assertThat(MqttTopics.ALL_READINGS).isEqualTo("telemetra/devices/+/readings");
        assertThat(MqttTopics.ALL_ACKS).isEqualTo("telemetra/devices/+/commands/+/ack");
    }

    @Test
    void eachTopicParsesBackToWhatItAddresses() {
        assertThat(MqttTopics.parse(MqttTopics.readings("d-1:a.b")))
                .contains(new DeviceTopic(Kind.READINGS, "d-1:a.b", null));
        assertThat(MqttTopics.parse(MqttTopics.commands("d-1"))).contains(new DeviceTopic(Kind.COMMANDS, "d-1", null));
        assertThat(MqttTopics.parse(MqttTopics.ack("d-1", "c-9"))).contains(new DeviceTopic(Kind.ACK, "d-1", "c-9"));
    }

    @Test
    void wildcardsEmptyLevelsAndOtherTopicsAddressNoDevice() {
        assertThat(MqttTopics.parse(MqttTopics.ALL_READINGS)).isEmpty();
        assertThat(MqttTopics.parse(MqttTopics.ALL_ACKS)).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices/#")).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices/d-1/#")).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices//readings")).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices/d-1/readings/")).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices/d-1/commands/c-1")).isEmpty();
        assertThat(MqttTopics.parse("telemetra/devices/d-1/commands/c-1/nack")).isEmpty();
        assertThat(MqttTopics.parse("other/devices/d-1/readings")).isEmpty();
        assertThat(MqttTopics.parse(null)).isEmpty();
    }
}
