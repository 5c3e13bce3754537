package io.telemetra.command.mqtt;

import io.telemetra.mqtt.EmbeddedMqttBroker;
import io.telemetra.security.TelemetraSecurityProperties;
import io.telemetra.testsupport.TestTokens;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local stack's MQTT broker (Moquette with Telemetra's identity rules) for a test context, with its data in a
 * temporary directory; the service under test runs its bridge against it ({@code telemetra.mqtt.enabled} is set with
 * the test's properties: it decides which beans exist, before this configuration's properties are known). A test may restart it, and connects devices
 * with their own tokens ({@link #device}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class EmbeddedMqtt implements DisposableBean {

    static final String BRIDGE_PASSWORD = "bridge-password-for-tests";
    private static final String BRIDGE_USERNAME = "telemetra-bridge";

    private final EmbeddedMqttBroker.Settings settings;
    private volatile EmbeddedMqttBroker broker;

    public EmbeddedMqtt() throws IOException {
        settings = new EmbeddedMqttBroker.Settings("localhost", freePort(), Files.createTempDirectory("mqtt-broker"),
                new TelemetraSecurityProperties.Jwt(TestTokens.SECRET, null, null, null, null), BRIDGE_USERNAME,
                BRIDGE_PASSWORD, 2 * 1024 * 1024);
        broker = EmbeddedMqttBroker.start(settings);
    }

    @Bean
    DynamicPropertyRegistrar mqttBridgeProperties() {
        return registry -> {
            registry.add("telemetra.mqtt.url", this::url);
            registry.add("telemetra.mqtt.username", () -> BRIDGE_USERNAME);
            registry.add("telemetra.mqtt.password", () -> BRIDGE_PASSWORD);
            registry.add("telemetra.mqtt.retry-max", () -> "2s");
        };
    }

    public String url() {
        return "tcp://localhost:" + settings.port();
    }

    /** Stops the broker and starts it again on the same port and data: what it persisted is all it has. */
    public void restart() throws IOException {
        broker.close();
        broker = EmbeddedMqttBroker.start(settings);
    }

    /** A device connected with its own token, as its own client; a clean session unless {@code persistent}. */
    public MqttClient device(String deviceId, String token, boolean persistent) throws MqttException {
        MqttClient client = new MqttClient(url(), deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(deviceId);
        options.setPassword(token.toCharArray());
        options.setCleanSession(!persistent);
        options.setConnectionTimeout(10);
        // Paho counts a publish as in flight a little after its acknowledgement has been delivered: a device publishing
        // in a tight loop would otherwise hit the default of 10.
        options.setMaxInflight(100);
        client.setTimeToWait(20_000);
        client.connect(options);
        return client;
    }

    @Override
    public void destroy() {
        broker.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
