package io.telemetra.mqtt;

import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.api.security.Role;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.telemetra.mqtt.BrokerFixture.connect;
import static io.telemetra.mqtt.BrokerFixture.device;
import static io.telemetra.mqtt.BrokerFixture.deviceToken;
import static io.telemetra.mqtt.BrokerFixture.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Real Paho clients against the embedded broker: who may connect, publish and subscribe, and what a restart keeps. */
class EmbeddedMqttBrokerIT {

    @TempDir
    Path data;

    private EmbeddedMqttBroker broker;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = EmbeddedMqttBroker.start(BrokerFixture.settings(data, BrokerFixture.freePort()));
    }

    @AfterEach
    void stopBroker() {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(1000, 1000);
                }
                client.close(true);
            } catch (MqttException e) {
                // the broker may have closed it already
            }
        }
        broker.close();
    }

    private MqttClient kept(MqttClient client) {
        clients.add(client);
        return client;
    }

    /** The bridge's view: everything devices publish on their readings and answer topics. */
    private BlockingQueue<String> subscribeAsService(String clientId) throws MqttException {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient bridge = kept(service(broker.url(), clientId, true));
        bridge.subscribe(new String[]{MqttTopics.ALL_READINGS, MqttTopics.ALL_ACKS}, new int[]{1, 1},
                new IMqttMessageListener[]{
                        (topic, message) -> received.add(topic + " " + text(message)),
                        (topic, message) -> received.add(topic + " " + text(message))});
        return received;
    }

    @Test
    void aDeviceWithItsOwnTokenPublishesItsReadingsAndAnswersAndReceivesItsCommands() throws Exception {
        BlockingQueue<String> bridgeSees = subscribeAsService("telemetra-bridge");
        MqttClient device = kept(device(broker.url(), "boiler-7"));
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        device.subscribe(MqttTopics.commands("boiler-7"), 1, (topic, message) -> commands.add(text(message)));

        device.publish(MqttTopics.readings("boiler-7"), message("{\"metric\":\"t\"}"));
        device.publish(MqttTopics.ack("boiler-7", "c-1"), message("{\"outcome\":\"ACCEPTED\"}"));
        kept(service(broker.url(), "telemetra-bridge-publisher", true))
                .publish(MqttTopics.commands("boiler-7"), message("{\"commandId\":\"c-1\"}"));

        assertThat(bridgeSees.poll(10, TimeUnit.SECONDS))
                .isEqualTo("telemetra/devices/boiler-7/readings {\"metric\":\"t\"}");
        assertThat(bridgeSees.poll(10, TimeUnit.SECONDS))
                .isEqualTo("telemetra/devices/boiler-7/commands/c-1/ack {\"outcome\":\"ACCEPTED\"}");
        assertThat(commands.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"commandId\":\"c-1\"}");
    }

    @Test
    void aConnectionWithoutAValidDeviceTokenForItsUsernameIsRefused() {
        String url = broker.url();
        assertRefused(() -> connect(url, "boiler-7", "boiler-7", deviceToken("boiler-8"), true));
        assertRefused(() -> connect(url, "boiler-7", "boiler-7", BrokerFixture.token(Role.OPERATOR), true));
        assertRefused(() -> connect(url, "boiler-7", "boiler-7", "not-a-token", true));
        assertRefused(() -> connect(url, "boiler-7", "boiler-7", deviceToken("boiler-7") + "x", true));
        assertRefused(() -> connect(url, "telemetra-bridge", "boiler-7", deviceToken("boiler-7"), true));
        assertRefused(() -> connect(url, "telemetra-bridge", "telemetra-bridge", "wrong", true));
        assertRefused(() -> connect(url, "telemetra-bridge-2", "telemetra-bridge-2",
                deviceToken("telemetra-bridge-2"), true));
    }

    @Test
    void aDevicePublishingOnAnotherDevicesTopicIsDisconnectedAndNothingReachesTheBridge() throws Exception {
        BlockingQueue<String> bridgeSees = subscribeAsService("telemetra-bridge");
        MqttClient intruder = kept(device(broker.url(), "boiler-7"));

        intruder.setTimeToWait(10_000);

        assertThatThrownBy(() -> intruder.publish(MqttTopics.readings("boiler-8"), message("{\"metric\":\"t\"}")))
                .isInstanceOf(MqttException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !intruder.isConnected());
        MqttClient honest = kept(device(broker.url(), "boiler-8"));
        honest.publish(MqttTopics.readings("boiler-8"), message("{\"metric\":\"mine\"}"));
        assertThat(bridgeSees.poll(10, TimeUnit.SECONDS))
                .isEqualTo("telemetra/devices/boiler-8/readings {\"metric\":\"mine\"}");
        assertThat(bridgeSees).isEmpty();
    }

    @Test
    void aDeviceMayNotSubscribeToAnotherDevicesCommandsNorToWildcards() throws Exception {
        MqttClient device = kept(device(broker.url(), "boiler-7"));

        for (String filter : List.of(MqttTopics.commands("boiler-8"), "telemetra/devices/+/commands",
                "telemetra/#", MqttTopics.readings("boiler-7"))) {
            assertThatThrownBy(() -> device.subscribe(filter, 1)).as(filter).isInstanceOf(MqttException.class);
        }
    }

    @Test
    void aPersistentSessionGetsWhatWasPublishedWhileItWasAwayAcrossABrokerRestart() throws Exception {
        MqttClient bridge = service(broker.url(), "telemetra-bridge", false);
        bridge.subscribe(MqttTopics.ALL_READINGS, 1);
        bridge.disconnect();
        bridge.close();
        MqttClient device = device(broker.url(), "boiler-7");
        device.publish(MqttTopics.readings("boiler-7"), message("{\"n\":1}"));
        device.disconnect();
        device.close();
        int port = broker.port();

        broker.close();
        broker = EmbeddedMqttBroker.start(BrokerFixture.settings(data, port));

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient resumed = kept(new MqttClient(broker.url(), "telemetra-bridge", new MemoryPersistence()));
        resumed.setCallback(new Received(received));
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(BrokerFixture.SERVICE_USERNAME);
        options.setPassword(BrokerFixture.SERVICE_PASSWORD.toCharArray());
        options.setCleanSession(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        resumed.connect(options);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("telemetra/devices/boiler-7/readings {\"n\":1}");
    }

    private static void assertRefused(ThrowingCallable connect) {
        assertThatThrownBy(connect).isInstanceOf(MqttSecurityException.class);
    }

    private static MqttMessage message(String json) {
        MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }

    private static String text(MqttMessage message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    private record Received(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + text(message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
