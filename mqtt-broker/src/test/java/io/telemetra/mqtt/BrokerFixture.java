package io.telemetra.mqtt;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import io.telemetra.security.TelemetraSecurityProperties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Settings, tokens and Paho clients for tests against the embedded broker. */
final class BrokerFixture {

    static final String SECRET = "mqtt-broker-test-secret-not-for-production-0123456789";
    static final String SERVICE_USERNAME = "telemetra-bridge";
    static final String SERVICE_PASSWORD = "bridge-password-for-tests";
    static final TelemetraSecurityProperties.Jwt TOKENS = new TelemetraSecurityProperties.Jwt(SECRET, null, null, null,
            null);

    private BrokerFixture() {
    }

    static EmbeddedMqttBroker.Settings settings(Path data, int port) {
        return new EmbeddedMqttBroker.Settings("localhost", port, data, TOKENS, SERVICE_USERNAME, SERVICE_PASSWORD,
                64 * 1024);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String deviceToken(String deviceId) {
        return DevelopmentTokens.mint(SECRET, deviceId, List.of(Role.DEVICE), deviceId, Instant.now(),
                Duration.ofHours(1));
    }

    static String token(Role role) {
        return DevelopmentTokens.mint(SECRET, "someone", List.of(role), null, Instant.now(), Duration.ofHours(1));
    }

    static MqttClient connect(String url, String clientId, String username, String password, boolean cleanSession)
            throws MqttException {
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(10);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return client;
    }

    static MqttClient device(String url, String deviceId) throws MqttException {
        return connect(url, deviceId, deviceId, deviceToken(deviceId), true);
    }

    static MqttClient service(String url, String clientId, boolean cleanSession) throws MqttException {
        return connect(url, clientId, SERVICE_USERNAME, SERVICE_PASSWORD, cleanSession);
    }
}
