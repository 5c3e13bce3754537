package io.telemetra.load;

import io.telemetra.api.security.Role;
import io.telemetra.security.DevelopmentTokens;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Simulated devices speaking MQTT: one connection per device, as a real device has, each authenticated with its own
 * device token (username = device id, password = token, client id = device id) and a persistent session, so that the
 * commands published while a device is briefly away reach it when it is back.
 */
final class MqttFleet implements AutoCloseable {

    private static final int CONNECTING_THREADS = 4;
    private static final int MAX_INFLIGHT = 100;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(7);

    /** What a publish ended in: broker acknowledged, or failed with a reason. */
    interface Outcome {
        void acknowledged();

        void failed(String reason);
    }

    private final Map<String, MqttAsyncClient> clients = new ConcurrentHashMap<>();

    private MqttFleet() {
    }

    /** Connects every device; fails when one cannot connect (a wrong secret, no broker). */
    static MqttFleet connect(String url, List<String> deviceIds, String secret) throws MqttException,
            InterruptedException {
        MqttFleet fleet = new MqttFleet();
        ExecutorService connecting = Executors.newFixedThreadPool(CONNECTING_THREADS);
        try {
            List<Future<MqttAsyncClient>> futures = new ArrayList<>();
            for (String deviceId : deviceIds) {
                futures.add(connecting.submit(() -> connectOne(url, deviceId, secret)));
            }
            for (int i = 0; i < futures.size(); i++) {
                fleet.clients.put(deviceIds.get(i), futures.get(i).get());
            }
        } catch (ExecutionException e) {
            fleet.close();
            if (e.getCause() instanceof MqttException mqtt) {
                throw mqtt;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            connecting.shutdownNow();
        }
        return fleet;
    }

    private static MqttAsyncClient connectOne(String url, String deviceId, String secret) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(deviceId);
        // The broker checks the token at each (re)connection: one that outlives a long simulation.
        options.setPassword(DevelopmentTokens.mint(secret, deviceId, List.of(Role.DEVICE), deviceId, Instant.now(),
                TOKEN_LIFETIME).toCharArray());
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
        client.connect(options).waitForCompletion(CONNECT_TIMEOUT.toMillis());
        return client;
    }

    int size() {
        return clients.size();
    }

    /** Publishes at QoS 1 as the device; the outcome comes when the broker has acknowledged it. */
    void publish(String deviceId, String topic, byte[] payload, Outcome outcome) {
        MqttAsyncClient client = clients.get(deviceId);
        if (client == null) {
            outcome.failed("no connection");
            return;
        }
        try {
            client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outcome.acknowledged();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    outcome.failed("mqtt " + failure.getClass().getSimpleName());
                }
            });
        } catch (MqttException e) {
            outcome.failed("mqtt " + e.getReasonCode());
        }
    }

    /** Subscribes each device to one topic of its own, at QoS 1; waits for the broker's answers. */
    void subscribeEach(Function<String, String> topicOf, IMqttMessageListener listener)
            throws MqttException {
        for (Map.Entry<String, MqttAsyncClient> device : clients.entrySet()) {
            device.getValue().subscribe(topicOf.apply(device.getKey()), 1, listener)
                    .waitForCompletion(CONNECT_TIMEOUT.toMillis());
        }
    }

    /** Disconnects every device, leaving its session with the broker. */
    @Override
    public void close() {
        for (MqttAsyncClient client : clients.values()) {
            try {
                client.disconnect(1000).waitForCompletion(TimeUnit.SECONDS.toMillis(5));
            } catch (MqttException e) {
                // gone already
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // closed already
            }
        }
        clients.clear();
    }
}
