package io.telemetra.command.mqtt;

import io.telemetra.api.mqtt.MqttTopics;
import io.telemetra.command.scheduling.Backoff;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's connection to the broker: an MQTT 3.1.1 client (Eclipse Paho), so any standard broker will do. Its
 * session is persistent (clean session off, a stable client id): the broker keeps the bridge's subscriptions, and the
 * messages that arrive while it is away, until it is back. Acknowledgements are manual: a message is acknowledged only
 * when {@link #acknowledge} is called, once it is stored or set aside; one never acknowledged is delivered again when
 * the bridge reconnects. Reconnects on its own, with back-off.
 * <p>
 * A message is acknowledged only on the connection it arrived on: after a reconnection the broker sends the
 * unacknowledged ones again, possibly under packet ids that now name other messages, so acknowledging an old id could
 * acknowledge a message never stored. A copy the broker sends again while the first is still being stored (flagged
 * duplicate, same packet id, same connection) is dropped.
 */
class BrokerConnection implements MqttCallbackExtended {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int QOS = 1;
    /** Commands published and not yet acknowledged by the broker, at most. */
    private static final int MAX_INFLIGHT = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A message as it arrived, and on which connection ({@code epoch}). */
    record Inbound(String topic, byte[] payload, int id, int qos, long epoch) {

        private String key() {
            return epoch + "/" + id;
        }
    }

    /** Takes what arrives; may block (the broker then waits): a bounded hand-over. */
    interface Receiver {
        void received(Inbound message) throws InterruptedException;
    }

    private final MqttProperties properties;
    private final Receiver receiver;
    private final Backoff backoff;
    private final AtomicLong epoch = new AtomicLong();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile MqttAsyncClient client;
    private volatile boolean running;
    private volatile boolean holding;
    private volatile long lastArrivalNanos = System.nanoTime();
    private Thread connector;

    BrokerConnection(MqttProperties properties, Receiver receiver) {
        this.properties = properties;
        this.receiver = receiver;
        this.backoff = new Backoff(properties.retryInitial(), properties.retryMax());
    }

    /** Connects in the background, trying until it succeeds or {@link #stop()}; Paho reconnects after that. */
    synchronized void start() {
        if (running) {
            return;
        }
        try {
            client = new MqttAsyncClient(properties.url(), properties.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("the MQTT bridge cannot use " + properties.url() + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        holding = false;
        running = true;
        connector = new Thread(this::connectUntilConnected, "mqtt-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) properties.retryMax().toMillis());
        options.setKeepAliveInterval((int) properties.keepAlive().toSeconds());
        options.setConnectionTimeout((int) CONNECT_TIMEOUT.toSeconds());
        options.setMaxInflight(MAX_INFLIGHT);
        options.setUserName(properties.username());
        if (properties.password() != null) {
            options.setPassword(properties.password().toCharArray());
        }
        return options;
    }

    private void connectUntilConnected() {
        for (int failures = 1; running; failures++) {
            try {
                client.connect(options()).waitForCompletion(CONNECT_TIMEOUT.toMillis() * 2);
                return;
            } catch (MqttException e) {
                Duration pause = backoff.delayAfter(failures);
                log.warn("MQTT bridge cannot connect to {} as {} ({}); trying again in {} ms", properties.url(),
                        properties.clientId(), e.getMessage(), pause.toMillis());
                if (!sleep(pause)) {
                    return;
                }
            }
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        log.info("MQTT bridge {} as {} to {}", reconnect ? "reconnected" : "connected", properties.clientId(),
                serverUri);
        // The broker keeps a persistent session's subscriptions; subscribing again covers one that lost them.
        String[] filters = {properties.filter(MqttTopics.ALL_READINGS), properties.filter(MqttTopics.ALL_ACKS)};
        try {
            client.subscribe(filters, new int[]{QOS, QOS}, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    log.info("MQTT bridge subscribed to {} and {}", filters[0], filters[1]);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    log.error("MQTT bridge could not subscribe to {} and {}: {}", filters[0], filters[1],
                            failure.getMessage());
                }
            });
        } catch (MqttException e) {
            log.error("MQTT bridge could not subscribe: {}", e.getMessage());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        epoch.incrementAndGet();
        pending.clear();
        log.warn("MQTT bridge lost its connection ({}); reconnecting", cause == null ? "closed" : cause.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        lastArrivalNanos = System.nanoTime();
        Inbound inbound = new Inbound(topic, message.getPayload(), message.getId(), message.getQos(), epoch.get());
        if (message.getQos() > 0 && !pending.add(inbound.key())) {
            log.debug("MQTT message {} on {} arrived again while it is being stored: dropped", message.getId(), topic);
            return;
        }
        try {
            receiver.received(inbound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Paho closes the connection when this throws; the message is then delivered again.
            log.error("MQTT message on {} could not be handed over", topic, e);
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    /** Acknowledges a message that is stored or set aside; nothing when its connection is gone. */
    void acknowledge(Inbound message) {
        if (holding || message.qos() == 0 || !pending.remove(message.key()) || message.epoch() != epoch.get()) {
            return;
        }
        try {
            client.messageArrivedComplete(message.id(), message.qos());
        } catch (MqttException e) {
            log.debug("MQTT message {} not acknowledged ({}): the broker delivers it again", message.id(),
                    e.getMessage());
        }
    }

    /** Publishes at QoS 1; completes when the broker has the message, fails at once when not connected. */
    CompletableFuture<Void> publish(String topic, byte[] payload) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        MqttAsyncClient current = client;
        if (current == null) {
            published.completeExceptionally(new IllegalStateException("the MQTT bridge is not running"));
            return published;
        }
        try {
            current.publish(topic, payload, QOS, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    published.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    published.completeExceptionally(failure);
                }
            });
        } catch (MqttException e) {
            published.completeExceptionally(e);
        }
        return published;
    }

    /**
     * Sends no more acknowledgements: the broker stops sending once its in-flight window is full, so that nothing is
     * on its way when the bridge disconnects (see {@link MqttBridge#stop()}).
     */
    void holdAcknowledgements() {
        holding = true;
    }

    /** How long ago the last message arrived. */
    Duration sinceLastArrival() {
        return Duration.ofNanos(System.nanoTime() - lastArrivalNanos);
    }

    boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    /** Disconnects, leaving the session (and whatever was not acknowledged) with the broker. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        connector.interrupt();
        MqttAsyncClient current = client;
        try {
            if (current.isConnected()) {
                current.disconnect(TimeUnit.SECONDS.toMillis(5)).waitForCompletion(TimeUnit.SECONDS.toMillis(10));
            }
        } catch (MqttException e) {
            log.debug("MQTT bridge disconnected uncleanly: {}", e.getMessage());
        } finally {
            try {
                current.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                // already disconnected
            }
            try {
                current.close(true);
            } catch (MqttException e) {
                log.debug("MQTT client did not close cleanly: {}", e.getMessage());
            }
            epoch.incrementAndGet();
            pending.clear();
        }
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
