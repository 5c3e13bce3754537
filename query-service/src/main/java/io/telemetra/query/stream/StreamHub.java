package io.telemetra.query.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connected clients of the live stream. Publishing never blocks: each client has a bounded queue drained by a small
 * pool of sender threads, one drain at a time per client so that its messages stay in order. A client whose queue is
 * full cannot keep up and is disconnected; its browser reconnects and starts again from live. On shutdown every stream
 * is ended before the web server waits for requests in flight, which open streams would otherwise hold up.
 */
@Component
public class StreamHub implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StreamHub.class);

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final int clientBuffer;
    private final int maxClients;
    private final Counter dropped;
    private volatile boolean running;

    StreamHub(StreamProperties properties, MeterRegistry meterRegistry) {
        this.clientBuffer = properties.clientBuffer();
        this.maxClients = properties.maxClients();
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(properties.senderThreads(), task -> {
            Thread thread = new Thread(task, "stream-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("telemetra.stream.clients", clients, Set::size)
                .description("Clients connected to the live stream").register(meterRegistry);
        this.dropped = Counter.builder("telemetra.stream.clients.dropped")
                .description("Clients disconnected because they could not keep up").register(meterRegistry);
    }

    /**
     * @param deviceId only this device's messages, or every device's when null
     * @return the client, or empty when this instance serves as many clients as it may or is shutting down
     */
    Optional<Client> connect(String deviceId, EventSink sink) {
        if (!running || clients.size() >= maxClients) {
            return Optional.empty();
        }
        Client client = new Client(deviceId, sink);
        clients.add(client);
        client.offer(StreamMessage.comment("connected"));
        return Optional.of(client);
    }

    /** Removes the client and ends its response; safe to call more than once. */
    void disconnect(Client client) {
        if (clients.remove(client)) {
            client.sink.close();
        }
    }

    void publish(StreamMessage message) {
        for (Client client : clients) {
            if (client.wants(message)) {
                client.offer(message);
            }
        }
    }

    @Scheduled(fixedDelayString = "${telemetra.stream.heartbeat:15s}",
            initialDelayString = "${telemetra.stream.heartbeat:15s}")
    void heartbeat() {
        publish(StreamMessage.comment("heartbeat"));
    }

    public int clientCount() {
        return clients.size();
    }

    /** The clients watching exactly this device ({@code null}: those watching every device). */
    public long clientsWatching(String deviceId) {
        return clients.stream().filter(client -> Objects.equals(client.deviceId, deviceId)).count();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        clients.forEach(this::disconnect);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }

    final class Client {

        private final String deviceId;
        private final EventSink sink;
        private final BlockingQueue<StreamMessage> queue = new ArrayBlockingQueue<>(clientBuffer);
        private final AtomicBoolean draining = new AtomicBoolean();

        private Client(String deviceId, EventSink sink) {
            this.deviceId = deviceId;
            this.sink = sink;
        }

        private boolean wants(StreamMessage message) {
            return message.deviceId() == null || deviceId == null || deviceId.equals(message.deviceId());
        }

        private void offer(StreamMessage message) {
            if (!queue.offer(message)) {
                dropped.increment();
                log.info("Disconnecting a live-stream client {} messages behind", clientBuffer);
                disconnect(this);
                return;
            }
            scheduleDrain();
        }

        private void scheduleDrain() {
            if (draining.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false); // shutting down
                }
            }
        }

        private void drain() {
            try {
                StreamMessage message;
                while (clients.contains(this) && (message = queue.poll()) != null) {
                    sink.send(message);
                }
            } catch (IOException | RuntimeException e) {
                // The client went away (or its response was completed meanwhile).
                log.debug("Live-stream client gone: {}", e.toString());
                disconnect(this);
                return;
            } finally {
                draining.set(false);
            }
            if (!queue.isEmpty() && clients.contains(this)) {
                scheduleDrain();
            }
        }
    }
}
