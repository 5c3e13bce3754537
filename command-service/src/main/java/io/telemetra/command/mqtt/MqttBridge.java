package io.telemetra.command.mqtt;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Starts the MQTT bridge once the rest of the service runs, and stops it first: the ingestion is ready before the
 * connection delivers anything, and finishes its batch before the connection closes.
 */
class MqttBridge implements SmartLifecycle {

    /** With the Kafka listener containers: after Axon and the web server are up. */
    static final int PHASE = Integer.MAX_VALUE - 100;
    /** No message for this long, and every one handled: nothing is on its way. */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(10);

    private final BrokerConnection connection;
    private final MqttIngestion ingestion;
    private volatile boolean running;

    MqttBridge(BrokerConnection connection, MqttIngestion ingestion) {
        this.connection = connection;
        this.ingestion = ingestion;
    }

    @Override
    public synchronized void start() {
        ingestion.start(connection);
        connection.start();
        running = true;
    }

    /**
     * Stops without leaving a message the broker sent half-way: acknowledgements stop first, so the broker stops sending
     * once its in-flight window is full; every message that arrived is stored (or set aside); then the bridge
     * disconnects. The broker keeps the unacknowledged ones for the session and sends them again on reconnection,
     * where they are recognised as duplicates. (A broker that re-sends them only late, as Moquette 0.17 does, may
     * even drop them by reusing their packet ids: they are stored already.)
     */
    @Override
    public synchronized void stop() {
        connection.holdAcknowledgements();
        long deadline = System.nanoTime() + DRAIN_MAX.toNanos();
        while (System.nanoTime() < deadline
                && !(ingestion.idle() && connection.sinceLastArrival().compareTo(QUIET) >= 0)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connection.stop();
        ingestion.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether the bridge is connected to the broker. */
    boolean isConnected() {
        return connection.isConnected();
    }
}
